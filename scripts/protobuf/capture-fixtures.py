#!/usr/bin/env python3
"""Capture the protobuf request bodies real kubectl 1.32 typed commands send, as test fixtures.

Runs a loopback-only fake API server on 127.0.0.1 (GET /version, discovery for the groups the commands
touch, and any POST recorded), points kubectl at it through a temporary kubeconfig and cache dir, runs each
command below and writes the recorded body to tests/Wharf.Api.Protobuf.Tests/Fixtures/<name>.bin; where the command has
client dry-run, kubectl's own JSON for the same object goes to <name>.json as the expected decoding.

    python3 scripts/protobuf/capture-fixtures.py [--kubectl /usr/bin/kubectl] [--out DIR] [--only NAME...]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "tests", "Wharf.Api.Protobuf.Tests", "Fixtures")

# name -> kubectl arguments (namespace "default" is implied by the kubeconfig context).
COMMANDS = {
    "namespace": ["create", "namespace", "x"],
    "configmap": ["create", "configmap", "c", "--from-literal=a=b"],
    "secret": ["create", "secret", "generic", "s", "--from-literal=k=v"],
    "deployment": ["create", "deployment", "d", "--image=busybox", "--replicas=0"],
    "service-clusterip": ["create", "service", "clusterip", "s", "--tcp=80:8080"],
    "job": ["create", "job", "j", "--image=busybox"],
    "serviceaccount": ["create", "serviceaccount", "sa"],
    "role": ["create", "role", "r", "--verb=get", "--resource=pods"],
    "pdb": ["create", "pdb", "p", "--selector=a=b", "--min-available=1"],
    "priorityclass": ["create", "priorityclass", "pc", "--value=10"],
    "token": ["create", "token", "default"],
    "cronjob": ["create", "cronjob", "cj", "--image=busybox", "--schedule=*/1 * * * *"],
    "ingress": ["create", "ingress", "ing", "--rule=foo.com/bar=svc1:8080,tls=my-cert", "--class=nginx"],
    "quota": ["create", "quota", "q", "--hard=cpu=1,memory=1Gi,pods=2", "--scopes=BestEffort"],
    "can-i": ["auth", "can-i", "create", "pods"],
    "whoami": ["auth", "whoami"],
    "token-expiring": ["create", "token", "default", "--duration=10m", "--audience=a,b"],
    "clusterrolebinding": ["create", "clusterrolebinding", "crb", "--clusterrole=view", "--user=u", "--group=g",
                           "--serviceaccount=default:sa"],
    "secret-docker": ["create", "secret", "docker-registry", "reg", "--docker-server=r.example",
                      "--docker-username=u", "--docker-password=p"],
    "service-nodeport": ["create", "service", "nodeport", "np", "--tcp=80:http", "--node-port=30080"],
    "secret-binary": ["create", "secret", "generic", "bin", "--from-file=blob={blob}"],
    "configmap-binary": ["create", "configmap", "bincm", "--from-file=blob={blob}", "--from-literal=z=1"],
}

RESOURCES = {
    # group/version -> [(plural, kind, namespaced)]
    "v1": [("namespaces", "Namespace", False), ("configmaps", "ConfigMap", True), ("secrets", "Secret", True),
           ("services", "Service", True), ("serviceaccounts", "ServiceAccount", True), ("pods", "Pod", True),
           ("resourcequotas", "ResourceQuota", True)],
    "apps/v1": [("deployments", "Deployment", True)],
    "batch/v1": [("jobs", "Job", True), ("cronjobs", "CronJob", True)],
    "rbac.authorization.k8s.io/v1": [("roles", "Role", True), ("clusterrolebindings", "ClusterRoleBinding", False)],
    "policy/v1": [("poddisruptionbudgets", "PodDisruptionBudget", True)],
    "scheduling.k8s.io/v1": [("priorityclasses", "PriorityClass", False)],
    "networking.k8s.io/v1": [("ingresses", "Ingress", True)],
    "authorization.k8s.io/v1": [("selfsubjectaccessreviews", "SelfSubjectAccessReview", False)],
    "authentication.k8s.io/v1": [("selfsubjectreviews", "SelfSubjectReview", False)],
}


def read_varint(data, pos):
    result, shift = 0, 0
    while True:
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, pos


def envelope_type(body):
    """Returns (apiVersion, kind) from a k8s\\0 + runtime.Unknown body, or (None, None)."""
    if not body.startswith(b"k8s\x00"):
        return None, None
    data, pos = body[4:], 0
    while pos < len(data):
        tag, pos = read_varint(data, pos)
        length, pos = read_varint(data, pos)
        chunk = data[pos:pos + length]
        pos += length
        if tag >> 3 == 1:
            fields, p = {}, 0
            while p < len(chunk):
                t, p = read_varint(chunk, p)
                n, p = read_varint(chunk, p)
                fields[t >> 3] = chunk[p:p + n].decode()
                p += n
            return fields.get(1), fields.get(2)
    return None, None


class Handler(BaseHTTPRequestHandler):
    recorded = []

    def log_message(self, *args):
        pass

    def reply(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/version":
            return self.reply(200, {"major": "1", "minor": "32", "gitVersion": "v1.32.0", "platform": "linux/amd64"})
        if path == "/api":
            return self.reply(200, {"kind": "APIVersions", "versions": ["v1"],
                                    "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]})
        if path == "/apis":
            groups = {}
            for gv in RESOURCES:
                if "/" in gv:
                    g, v = gv.split("/")
                    groups.setdefault(g, []).append({"groupVersion": gv, "version": v})
            return self.reply(200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
                {"name": g, "versions": vs, "preferredVersion": vs[0]} for g, vs in groups.items()]})
        gv = path[len("/api/"):] if path.startswith("/api/") else path[len("/apis/"):] if path.startswith("/apis/") else None
        if gv in RESOURCES:
            return self.reply(200, {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": [
                {"name": p, "singularName": k.lower(), "namespaced": ns, "kind": k,
                 "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"]}
                for p, k, ns in RESOURCES[gv]] + ([{"name": "serviceaccounts/token", "singularName": "", "namespaced": True,
                                                    "group": "authentication.k8s.io", "version": "v1", "kind": "TokenRequest",
                                                    "verbs": ["create"]}] if gv == "v1" else [])})
        return self.reply(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        Handler.recorded.append((self.path, self.headers.get("Content-Type"), body))
        api_version, kind = envelope_type(body)
        answer = {"apiVersion": api_version or "v1", "kind": kind or "Unknown", "metadata": {"name": "x", "namespace": "default"}}
        if kind == "TokenRequest":
            answer["status"] = {"token": "t", "expirationTimestamp": "2030-01-01T00:00:00Z"}
        elif kind == "SelfSubjectAccessReview":
            answer["status"] = {"allowed": True}
        elif kind == "SelfSubjectReview":
            answer["status"] = {"userInfo": {"username": "tester"}}
        self.reply(201, answer)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kubectl", default=shutil.which("kubectl") or "/usr/bin/kubectl")
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    os.makedirs(args.out, exist_ok=True)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        kubeconfig = os.path.join(tmp, "config")
        with open(kubeconfig, "w") as fh:
            fh.write(f"""apiVersion: v1
kind: Config
clusters: [{{name: c, cluster: {{server: "http://127.0.0.1:{port}"}}}}]
users: [{{name: u, user: {{}}}}]
contexts: [{{name: x, context: {{cluster: c, user: u, namespace: default}}}}]
current-context: x
""")
        blob = os.path.join(tmp, "blob")
        with open(blob, "wb") as fh:
            fh.write(bytes(range(256)))
        env = dict(os.environ, KUBECONFIG=kubeconfig, KUBECACHEDIR=os.path.join(tmp, "cache"), HOME=tmp)
        for name, command in COMMANDS.items():
            if args.only and name not in args.only:
                continue
            Handler.recorded.clear()
            argv = [a.replace("{blob}", blob) for a in command]
            run = subprocess.run([args.kubectl, *argv], env=env, capture_output=True, text=True, timeout=60)
            posts = [r for r in Handler.recorded if r[1] and "protobuf" in r[1]]
            if not posts:
                failures += 1
                print(f"{name}: no protobuf POST (exit {run.returncode}): {run.stderr.strip()[:300]}", file=sys.stderr)
                continue
            path, _, body = posts[-1]
            with open(os.path.join(args.out, f"{name}.bin"), "wb") as fh:
                fh.write(body)
            print(f"{name}: POST {path} {len(body)} bytes")
            # The same object as kubectl's own JSON encoder writes it: the oracle the decoder is tested against.
            # Commands without client dry-run (token, auth) keep their hand-written <name>.json.
            dry = subprocess.run([args.kubectl, *argv, "--dry-run=client", "-o", "json"], env=env,
                                 capture_output=True, text=True, timeout=60)
            if dry.returncode == 0:
                expected = json.loads(dry.stdout)
                with open(os.path.join(args.out, f"{name}.json"), "w") as fh:
                    json.dump(expected, fh, indent=2)
                    fh.write("\n")
    server.shutdown()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
