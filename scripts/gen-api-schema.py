#!/usr/bin/env python3
"""Generate src/Wharf.Api.Schema/Generated/api-schema.json from upstream's OpenAPI v2 document.

Pinned source: Kubernetes 1.32 as published by kubernetes-client/python v32.0.1
(commit bc4fd671bfa702007e090ae3ae28bf28bc9c3a6e, scripts/constants.py KUBERNETES_BRANCH=release-1.32).
That repository publishes the spec twice: `scripts/swagger.json` (the client's preprocessed copy, a blob
of more than 4 MiB that the local mirror does not carry) and `kubernetes/swagger.json.unprocessed`
(upstream's api/openapi-spec/swagger.json verbatim, with every x-kubernetes-* extension and the
upstream definition names such as io.k8s.api.apps.v1.DeploymentSpec). We read the unprocessed one.

Output contract (read by Wharf.Api.Schema and by the strategic-merge-patch code):
  {"source": "...", "definitions": {"<definition name>": <swagger 2.0 schema object>}}
Every schema keeps its facts (type, format, $ref, items, additionalProperties, required, enum and all
x-kubernetes-* extensions) but loses `description`: descriptions come from the KubernetesClient package.
`paths` is dropped. Keys are sorted and one definition is written per line, so re-running is byte-stable.

Usage:
  scripts/gen-api-schema.py                       # reads the mirror of github:kubernetes-client/python
  scripts/gen-api-schema.py --input swagger.json  # reads a local copy instead
"""
import argparse
import json
import os
import subprocess
import sys

REPO = "kubernetes-client/python"
REF = "v32.0.1"
COMMIT = "bc4fd671bfa702007e090ae3ae28bf28bc9c3a6e"
PATH = "kubernetes/swagger.json.unprocessed"
KUBERNETES = "1.32"
DEFAULT_GIT_DIR = "/work/.mirror/kubernetes-client+python/repo"
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "src", "Wharf.Api.Schema", "Generated", "api-schema.json")

# Keys whose value is one schema, a map of schemas, or a list of schemas. Only these are walked, so a
# property that is itself *named* "description" (JSONSchemaProps has one) is kept.
SCHEMA_VALUED = ("items", "additionalProperties", "not")
SCHEMA_MAPS = ("properties", "patternProperties")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")


def strip_schema(schema):
    if not isinstance(schema, dict):
        return schema  # additionalProperties: true/false
    out = {}
    for key, value in schema.items():
        if key == "description":
            continue
        if key in SCHEMA_VALUED:
            out[key] = strip_schema(value)
        elif key in SCHEMA_MAPS:
            out[key] = {name: strip_schema(sub) for name, sub in value.items()}
        elif key in SCHEMA_LISTS:
            out[key] = [strip_schema(sub) for sub in value]
        else:
            out[key] = value
    return out


def load_spec(args):
    if args.input:
        with open(args.input, "rb") as f:
            return json.load(f)
    commit = subprocess.run(["git", "--git-dir", args.git_dir, "rev-parse", REF + "^{commit}"],
                            check=True, capture_output=True, text=True).stdout.strip()
    if commit != COMMIT:
        sys.exit(f"{REF} is {commit} in {args.git_dir}, expected {COMMIT}")
    blob = subprocess.run(["git", "--git-dir", args.git_dir, "show", f"{COMMIT}:{PATH}"],
                          check=True, capture_output=True).stdout
    return json.loads(blob)


def check_extensions(definitions):
    """Fail loudly if the source lost the extensions the patch and apply code depends on."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            found.update(k for k in node if k.startswith("x-kubernetes-"))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(definitions)
    needed = {"x-kubernetes-group-version-kind", "x-kubernetes-patch-merge-key", "x-kubernetes-patch-strategy",
              "x-kubernetes-list-type", "x-kubernetes-list-map-keys", "x-kubernetes-map-type"}
    missing = needed - found
    if missing:
        sys.exit(f"source lacks {sorted(missing)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--git-dir", default=DEFAULT_GIT_DIR)
    parser.add_argument("--input", help="a local swagger.json instead of the mirror")
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()

    spec = load_spec(args)
    definitions = spec["definitions"]
    check_extensions(definitions)
    source = (f"github:{REPO}@{REF} ({COMMIT}):{PATH}; Kubernetes {KUBERNETES}"
              if not args.input else f"file:{os.path.basename(args.input)}")

    lines = ["{" + '"source":' + json.dumps(source) + ',"definitions":{']
    names = sorted(definitions)
    for i, name in enumerate(names):
        body = json.dumps(strip_schema(definitions[name]), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        lines.append(json.dumps(name) + ":" + body + ("," if i + 1 < len(names) else ""))
    lines.append("}}")
    text = "\n".join(lines) + "\n"
    json.loads(text)  # the hand-joined document must stay valid JSON
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {len(names)} definitions to {os.path.relpath(args.out)}")


if __name__ == "__main__":
    main()
