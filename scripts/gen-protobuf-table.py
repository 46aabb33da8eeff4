#!/usr/bin/env python3
"""Generate Wharf's protobuf schema table for Kubernetes' built-in API types.

Reads the published `generated.proto` files of k8s.io/api, k8s.io/apimachinery and
k8s.io/apiextensions-apiserver, plus the Go struct tags beside them (the Go `json:"..."` tag is the
authority for the JSON name, `omitempty` and `,inline`; the Go type says whether a scalar is a pointer),
and writes src/Wharf.Api.Protobuf/Generated/protobuf-schema.json.

Pinned version: Kubernetes 1.32, module tags v0.32.4 (the kubectl on our machines is v1.32.4).

Usage (each source is a bare git dir read at --ref, or a plain folder holding the module's files):
    python3 scripts/gen-protobuf-table.py --ref v0.32.4 \\
        api=/work/.mirror/kubernetes+api/repo \\
        apimachinery=/work/.mirror/kubernetes+apimachinery/repo \\
        apiextensions-apiserver=/work/.mirror/kubernetes+apiextensions-apiserver/repo \\
        [-o src/Wharf.Api.Protobuf/Generated/protobuf-schema.json]

Only facts (message names, field numbers, JSON names, types) are written; no upstream text is copied.
"""
import argparse
import json
import os
import re
import subprocess
import sys

DEFAULT_REF = "v0.32.4"
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                           "src", "Wharf.Api.Protobuf", "Generated", "protobuf-schema.json")
SCALARS = {"string", "int32", "int64", "bool", "bytes", "double", "float", "uint32", "uint64",
           "sint32", "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64"}
# Proto directories we never need (test fixtures, examples).
SKIP_DIR = re.compile(r"(^|/)(testapigroup|examples|test|testdata|third_party|vendor)(/|$)")


class Source:
    """One module: a bare git dir at a ref, or a plain directory."""

    def __init__(self, name, location, ref):
        self.name = name
        self.location = location
        self.ref = ref
        self.is_git = os.path.isfile(os.path.join(location, "HEAD")) and os.path.isdir(os.path.join(location, "objects"))
        self._files = self._list()

    def _git(self, *args):
        return subprocess.run(["git", "--git-dir", self.location, *args], check=True,
                              capture_output=True, text=True).stdout

    def _list(self):
        if self.is_git:
            return self._git("ls-tree", "-r", "--name-only", self.ref).splitlines()
        out = []
        for root, _, files in os.walk(self.location):
            for f in files:
                out.append(os.path.relpath(os.path.join(root, f), self.location).replace(os.sep, "/"))
        return out

    def files(self):
        return self._files

    def read(self, path):
        if self.is_git:
            return self._git("show", f"{self.ref}:{path}")
        with open(os.path.join(self.location, path), encoding="utf-8") as fh:
            return fh.read()

    def describe(self):
        return self.ref if self.is_git else "folder:" + os.path.basename(os.path.normpath(self.location))


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


FIELD_RE = re.compile(
    r"^\s*(?:(optional|repeated|required)\s+([\w.]+)|map<\s*(\w+)\s*,\s*([\w.]+)\s*>)\s+(\w+)\s*=\s*(\d+)\s*;")


def parse_proto(text):
    """Returns (package, {message: {"nullable": bool, "fields": [...]}})."""
    nullable = set()
    # The generator marks slice-backed wrapper messages with a +protobuf.nullable=true comment.
    for m in re.finditer(r"\+protobuf\.nullable=true[^\n]*\n(?:\s*//[^\n]*\n)*\s*message\s+(\w+)", text):
        nullable.add(m.group(1))
    body = strip_comments(text)
    package = re.search(r"^\s*package\s+([\w.]+)\s*;", body, re.M).group(1)
    messages = {}
    for m in re.finditer(r"^message\s+(\w+)\s*\{(.*?)^\}", body, re.M | re.S):
        fields = []
        for line in m.group(2).splitlines():
            fm = FIELD_RE.match(line)
            if not fm:
                if line.strip():
                    raise SystemExit(f"unparsed line in {package}.{m.group(1)}: {line!r}")
                continue
            label, ftype, key, value, name, number = fm.groups()
            fields.append({"name": name, "number": int(number), "repeated": label == "repeated" or key is not None,
                           "type": value if key else ftype, "key": key})
        messages[m.group(1)] = {"nullable": m.group(1) in nullable, "fields": fields}
    return package, messages


# A struct body runs to the first unindented "}"; one-line "struct{}" bodies are empty.
STRUCT_RE = re.compile(r"^type\s+(\w+)\s+struct\s*\{(\s*\}|.*?^\})", re.M | re.S)
SLICE_TYPE_RE = re.compile(r"^type\s+(\w+)\s+\[\]", re.M)
GO_FIELD_RE = re.compile(r"^\s*(?:(\w+)\s+)?([^\s`]+)\s+`([^`]*)`")


def parse_go(text):
    """Returns ({struct: {proto field number: go field facts}}, {slice-backed type names})."""
    structs = {}
    for m in STRUCT_RE.finditer(text):
        fields = {}
        for line in m.group(2).splitlines():
            if line.lstrip().startswith("//"):
                continue
            fm = GO_FIELD_RE.match(line)
            if not fm:
                continue
            _, gotype, tag = fm.groups()
            pm = re.search(r'protobuf:"(\w+),(\d+),', tag)
            if not pm:
                continue
            jm = re.search(r'json:"([^"]*)"', tag)
            jparts = (jm.group(1) if jm else "").split(",")
            fields[int(pm.group(2))] = {
                "json": jparts[0],
                "omitempty": "omitempty" in jparts[1:],
                "inline": "inline" in jparts[1:],
                "pointer": gotype.startswith("*"),
            }
        structs[m.group(1)] = fields
    return structs, set(SLICE_TYPE_RE.findall(text))


def resolve_type(t, package, known):
    if t in SCALARS:
        return t
    if t.startswith("."):
        return t[1:]
    candidate = f"{package}.{t}"
    if candidate in known:
        return candidate
    return t  # already qualified without the leading dot


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sources", nargs="+", help="name=path (name: api, apimachinery, apiextensions-apiserver)")
    ap.add_argument("--ref", default=DEFAULT_REF, help="git tag to read from bare git dirs")
    ap.add_argument("-o", "--out", default=DEFAULT_OUT)
    args = ap.parse_args()

    raw_messages = {}     # full name -> (package, message dict)
    packages = {}         # proto package -> {"group", "version"}
    go_structs = {}       # proto package -> struct facts
    go_slices = {}        # proto package -> slice-backed type names
    versions = {}
    for spec in args.sources:
        name, _, path = spec.partition("=")
        src = Source(name, path, args.ref)
        versions["kubernetes/" + name] = src.describe()
        files = src.files()
        for proto in sorted(f for f in files if f.endswith("generated.proto") and not SKIP_DIR.search(f)):
            directory = os.path.dirname(proto)
            package, messages = parse_proto(src.read(proto))
            go_files = [f for f in files if os.path.dirname(f) == directory and f.endswith(".go")
                        and not f.endswith("_test.go") and not f.endswith(".pb.go")]
            structs, slices = {}, set()
            group = None
            for gf in go_files:
                text = src.read(gf)
                s, sl = parse_go(text)
                structs.update(s)
                slices |= sl
                gm = re.search(r"^//\s*\+groupName=(\S*)", text, re.M)
                if gm and gf.endswith("doc.go"):
                    group = gm.group(1)
            go_structs[package] = structs
            go_slices[package] = slices
            parts = directory.split("/")
            version = parts[-1]
            if group is None:
                # Packages without a +groupName marker (apps, batch, autoscaling, policy, extensions)
                # use the directory name as the group; apimachinery's non-API packages get none.
                group = parts[-2] if name == "api" else None
            packages[package] = {"group": group, "version": version if group is not None else None}
            for mname, msg in messages.items():
                raw_messages[f"{package}.{mname}"] = (package, mname, msg)

    known = set(raw_messages)
    out_messages = {}
    fallback = 0
    for full, (package, mname, msg) in sorted(raw_messages.items()):
        struct = go_structs.get(package, {}).get(mname)
        fields = []
        for f in msg["fields"]:
            facts = (struct or {}).get(f["number"])
            ftype = resolve_type(f["type"], package, known)
            if ftype not in SCALARS and ftype not in known:
                raise SystemExit(f"{full}.{f['name']}: unknown type {f['type']}")
            entry = {"n": f["number"], "j": f["name"], "t": ftype}
            if facts is None:
                # No Go tag (hand-written apimachinery messages, type aliases): the proto name is the JSON
                # name and a zero or absent value is treated as unset.
                fallback += 1
                omitempty, pointer, inline = True, False, False
            else:
                entry["j"] = facts["json"] if facts["json"] else f["name"]
                omitempty, pointer, inline = facts["omitempty"], facts["pointer"], facts["inline"]
            if f["repeated"]:
                entry["r"] = 1
            if f["key"]:
                entry["k"] = f["key"]
            if omitempty:
                entry["o"] = 1
            if pointer:
                entry["p"] = 1
            if inline:
                entry["i"] = 1
            fields.append(entry)
        record = {"f": fields}
        if msg["nullable"] or mname in go_slices.get(package, set()):
            record["s"] = 1  # slice-backed wrapper: JSON is the array of its single repeated field
        out_messages[full] = record

    table = {
        "kubernetesVersion": "1.32",
        "sources": versions,
        "packages": {k: v for k, v in sorted(packages.items())},
        "messages": out_messages,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(table, fh, separators=(",", ":"), sort_keys=False)
        fh.write("\n")
    print(f"wrote {args.out}: {len(packages)} packages, {len(out_messages)} messages, "
          f"{sum(len(m['f']) for m in out_messages.values())} fields ({fallback} without Go tags)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
