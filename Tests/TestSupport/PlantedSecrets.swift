/// Planted credentials, built here at run time so no credential-shaped text sits in the sources.
public enum Planted {
    public static func join(_ parts: String...) -> String { parts.joined() }
    public static let awsKeyID = join("AKI", "AQ7Z4M2X9W3E5R8T1")
    public static let awsSecret = join("wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYzQ8aB3cD4e")
    public static let githubToken = join("gh", "p_", String(repeating: "a1B2", count: 9))
    public static let gitlabToken = join("glp", "at-", "Zx9Yw8Vu7Ts6Rq5Po4Nm")
    public static let slackToken = join("xo", "xb-", "1234567890-0987654321-", "AbCdEfGhIjKlMnOpQrStUvWx")
    public static let stripeKey = join("sk", "_live_", "4eC39HqLyjWDarjtT1zdp7dc")
    public static let jwt = join(
        "ey", "JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", ".ey", "JzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0",
        ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
    public static let privateKey = join(
        "-----BEGIN RSA ", "PRIVATE KEY-----\n", "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n",
        "aFDrBz9vFqU4yYDsoG1vWmPtE5Kw1m0Yh3yq5tq7mB0YXv1Vn7Yg9Jq2c3Yw8a1B\n", "-----END RSA ", "PRIVATE KEY-----\n")
    public static let urlPassword = join("s3cr3t-", "Pa55w0rd")
    public static let buildArgument = join("tok", "en-", "Q2w3E4r5T6y7")
    public static let googleKey = join("AI", "za", "SyB1x2C3v4B5n6M7q8W9e0R1t2Y3u4I5o6P")
    public static let gitlabDeployToken = join("gl", "dt-", "Zx9Yw8Vu7Ts6Rq5Po4Nm3L")
}
