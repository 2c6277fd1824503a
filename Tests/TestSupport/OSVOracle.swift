/// OSV's range evaluation written in Python over `packaging`'s Version: the independent check the
/// advisory and scan tests hold stagecraft's matching against.
public enum OSVOracle {
    /// `parse(text)` (a Version or None) and `affected(entry, text)` (whether an OSV `affected`
    /// entry covers the version), at the indentation of a script's top level.
    public static let functions = """
        from packaging.version import Version, InvalidVersion
        def parse(v):
            try: return Version(v)
            except InvalidVersion: return None
        def affected(entry, text):
            if text in (entry.get("versions") or []): return True
            v = parse(text)
            for r in entry.get("ranges") or []:
                if r.get("type") not in ("ECOSYSTEM", "SEMVER"): continue
                events = []
                for e in r.get("events") or []:
                    for kind, value in e.items():
                        if kind == "introduced" and value == "0": events.append((0, None, kind)); continue
                        p = parse(str(value))
                        if p is not None and kind in ("introduced", "fixed", "last_affected"): events.append((1, p, kind))
                events.sort(key=lambda e: (e[0], e[1]) if e[1] is not None else (0, Version("0")))
                state = False
                for rank, p, kind in events:
                    if kind == "introduced" and (p is None or v >= p): state = True
                    if kind == "fixed" and p is not None and v >= p: state = False
                    if kind == "last_affected" and p is not None and v > p: state = False
                if state: return True
            return False
        """
}
