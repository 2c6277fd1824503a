/// Generates Dockerfiles from snippets that trigger, or narrowly avoid, the rules stagecraft
/// shares with hadolint, for comparing the two linters on the same files.
public struct LintCorpusGenerator {
    private var random: SeededGenerator

    public init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    static let froms = [
        "FROM debian:12", "FROM debian", "FROM alpine:latest", "FROM node:22-slim", "FROM python:3.12-slim",
        "FROM --platform=linux/amd64 golang:1.23", "FROM --platform=$BUILDPLATFORM golang:1.23",
        "FROM --platform=$TARGETPLATFORM alpine:3.20", "FROM ubuntu@sha256:0123456789abcdef0123456789abcdef", "FROM scratch",
    ]

    static let instructions = [
        "RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*",
        "RUN apt-get update && apt-get install -y curl",
        "RUN apt-get install curl=1.0",
        "RUN apt-get install -qy --no-install-recommends git",
        "RUN apt-get install -q -q --no-install-recommends git=1:2.39",
        "RUN apt-get -t bookworm-backports install -y --no-install-recommends golang=2:1.21",
        "RUN apt-get update",
        "RUN apt install -y vim",
        "RUN apk add curl",
        "RUN apk add --no-cache curl=8.9.0-r0 git~2.45",
        "RUN apk add --no-cache --virtual .build-deps gcc musl-dev",
        "RUN --mount=type=cache,target=/var/cache/apk apk add bash=5.2.26-r0",
        "RUN pip install flask",
        "RUN pip install --no-cache-dir flask==3.0.3",
        "RUN pip3 install --no-cache-dir -r requirements.txt",
        "RUN python -m pip install requests",
        "RUN --mount=type=cache,target=/root/.cache/pip pip install django==5.0",
        "RUN npm install -g typescript",
        "RUN npm install express@4 @scope/pkg@1.2.0",
        "RUN npm ci --only=production",
        "RUN yarn install",
        "RUN yarn install && yarn cache clean",
        "RUN wget https://example.com/a.tgz",
        "RUN wget -q https://example.com/a.tgz",
        "RUN curl -fsSL https://example.com/b | tar xz",
        "RUN cd /tmp && make",
        "RUN sudo make install",
        "RUN mkdir -p /app",
        "RUN echo one",
        "RUN echo two && echo three",
        "WORKDIR app",
        "WORKDIR /srv",
        "WORKDIR $HOME",
        "COPY package.json .",
        "COPY a b c",
        "COPY a b /dest/",
        "COPY --from=builder /out /out",
        "COPY --from=0 /out /out2",
        "COPY --from=nginx:1.27 /etc/nginx /etc/nginx",
        "ADD app.py /app/",
        "ADD rootfs.tar.gz /",
        "ADD https://example.com/x.sh /x.sh",
        "EXPOSE 80",
        "EXPOSE 70000",
        "EXPOSE 8080/tcp 9000-9010",
        "USER root",
        "USER 1000:1000",
        "USER app",
        "CMD node server.js",
        "CMD [\"node\", \"server.js\"]",
        "ENTRYPOINT /entrypoint.sh",
        "ENTRYPOINT [\"/entrypoint.sh\"]",
        "HEALTHCHECK CMD curl -f http://localhost/",
        "HEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost/\"]",
        "MAINTAINER Jane <jane@example.com>",
        "ONBUILD ONBUILD RUN echo x",
        "ONBUILD RUN sudo echo x",
        "ONBUILD RUN apt-get install -y curl",
        "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
        "ENV APP_HOME=/app",
        "LABEL org.opencontainers.image.title=demo",
        "LABEL Maintainer=me",
        "LABEL com.docker.thing=x",
        "ENV A=1 B=$A",
        "ENV C=/c D=${C}/bin",
        "RUN yum install httpd && yum clean all",
        "RUN yum install -y httpd-2.4.57",
        "RUN dnf install httpd",
        "RUN dnf install -y httpd-2.4.57 && dnf clean all",
        "RUN zypper install httpd",
        "RUN zypper -n install httpd=2.4.58 && zypper clean",
        "RUN zypper dist-upgrade",
        "RUN gem install bundler",
        "RUN gem install rails -v 7.1.3",
        "RUN go install github.com/go-delve/delve/cmd/dlv",
        "RUN go install golang.org/x/tools/gopls@v0.16.1",
        "RUN service nginx start",
        "RUN ln -sf /bin/bash /bin/sh",
        "RUN useradd -u 1234567 app",
        "RUN useradd -l -u 1234567 app",
        "COPY app.tar.gz /tmp/",
        "RUN tar -xzf /tmp/app.tar.gz -C /opt",
        "COPY --from=builder / /",
        "EXPOSE 22",
    ]

    /// One generated Dockerfile.
    public mutating func next() -> String {
        var lines: [String] = []
        if random.chance(0.1) { lines.append(random.pick(["ENV EARLY=1", "RUN echo early", "ARG VERSION=1"])) }
        let stageCount = Int.random(in: 1...3, using: &random)
        var names: [String] = []
        for index in 0..<stageCount {
            var from = random.pick(Self.froms)
            if index < stageCount - 1 || random.chance(0.3) {
                let name = random.pick(["builder", "build", "deps", "scratch", "builder", "test"])
                from += " AS \(name)"
                names.append(name)
            }
            lines.append(from)
            for _ in 0..<Int.random(in: 1...8, using: &random) { lines.append(random.pick(Self.instructions)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
