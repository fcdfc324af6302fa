#!/usr/bin/env python3
"""Generate a synthetic Kubernetes estate for benchmarking driftback.

    generate.py --apps N --out DIR [--seed S]

Writes, deterministically for a given (N, seed):

  DIR/iac/<team>/<app>.yaml   hand-written-style manifests: a Deployment and a Service
  DIR/live/<team>.yaml        `kubectl get deploy,svc -n <team> -o yaml` style captures
                              (kind: List, server metadata, defaults, last-applied, status)
  DIR/planted.json            what was planted (drifted apps, unmanaged live objects,
                              IaC apps missing live), to sanity-check a report

Planted differences:
  ~5% of apps drift in one way: replicas changed (kubectl scale), image tag changed
  (kubectl set image), one env value changed (kubectl set env), or an extra label added
  live (kubectl label). ~1% of apps have no live objects. About 1 unmanaged live
  Deployment (no IaC, no last-applied annotation) per 100 apps.

Python 3 standard library only.
"""

import argparse
import json
import os
import random
import re
import sys
import time
import uuid

# --------------------------------------------------------------------------------------
# A small YAML emitter that prints the way kubectl does (sigs.k8s.io/yaml over go-yaml v2):
# two-space indentation, sequence dashes at the same column as the parent key, strings
# quoted with double quotes only when they would otherwise read as another type, strings
# with newlines as literal block scalars.
# --------------------------------------------------------------------------------------


class Quoted(str):
    """A string the hand-written IaC style always double-quotes."""


_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+)$")
_FLOAT_RE = re.compile(r"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$")
_SPECIAL = {
    "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
    "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
    "y", "Y", "n", "N", ".inf", ".Inf", ".INF", "-.inf", "+.inf", ".nan", ".NaN", ".NAN",
}
_TIMESTAMP_RE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_PLAIN_RE = re.compile(r'^[A-Za-z0-9_./$][A-Za-z0-9 _./:%@+=,"()$-]*$')


def _needs_quotes(s):
    if s in _SPECIAL or _INT_RE.match(s) or _FLOAT_RE.match(s) or _TIMESTAMP_RE.match(s):
        return True
    if not _PLAIN_RE.match(s):
        return True
    if s.endswith(" ") or s.endswith(":") or ": " in s or " #" in s:
        return True
    return False


def _scalar(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Quoted) or _needs_quotes(v):
        return json.dumps(str(v))
    return v


def emit(value, sort_keys, indent_seq, indent=0, out=None):
    """Append the lines of `value` (a dict or list) at `indent` to `out`."""
    if out is None:
        out = []
    pad = " " * indent
    if isinstance(value, dict):
        keys = sorted(value) if sort_keys else list(value)
        for k in keys:
            v = value[k]
            if isinstance(v, dict) and v:
                out.append(f"{pad}{k}:")
                emit(v, sort_keys, indent_seq, indent + 2, out)
            elif isinstance(v, list) and v:
                out.append(f"{pad}{k}:")
                emit(v, sort_keys, indent_seq, indent + (2 if indent_seq else 0), out)
            elif isinstance(v, dict):
                out.append(f"{pad}{k}: {{}}")
            elif isinstance(v, list):
                out.append(f"{pad}{k}: []")
            elif isinstance(v, str) and "\n" in v:
                body = v[:-1] if v.endswith("\n") else v
                out.append(f"{pad}{k}: |" + ("" if v.endswith("\n") else "-"))
                for line in body.split("\n"):
                    out.append(f"{pad}  {line}" if line else "")
            else:
                out.append(f"{pad}{k}: {_scalar(v)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)) and item:
                start = len(out)
                emit(item, sort_keys, indent_seq, indent + 2, out)
                out[start] = f"{pad}- " + out[start][indent + 2:]
            elif isinstance(item, dict):
                out.append(f"{pad}- {{}}")
            elif isinstance(item, list):
                out.append(f"{pad}- []")
            else:
                out.append(f"{pad}- {_scalar(item)}")
    else:
        raise TypeError(type(value))
    return out


def plain(value):
    """Strip Quoted markers (for JSON)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Quoted):
        return str(value)
    return value


def last_applied_json(manifest):
    """kubectl client-side apply: the applied object as compact JSON with sorted keys,
    `metadata.annotations` present (empty when the manifest had none), newline-terminated."""
    obj = plain(manifest)
    meta = dict(obj["metadata"])
    meta.setdefault("annotations", {})
    obj["metadata"] = meta
    return json.dumps(obj, sort_keys=True, separators=(",", ":")) + "\n"


# --------------------------------------------------------------------------------------
# The estate model
# --------------------------------------------------------------------------------------

PREFIXES = [
    "payments", "ledger", "billing", "checkout", "cart", "catalog", "search", "inventory",
    "orders", "shipping", "pricing", "accounts", "auth", "identity", "profile", "notify",
    "email", "sms", "audit", "reports", "metrics", "gateway", "fraud", "risk", "quotes",
    "invoices", "refunds", "loyalty", "reviews", "media", "thumbnails", "geo", "routing",
    "tax", "wallet", "ratings", "feeds", "sessions", "tokens", "ads", "cdn", "kyc", "otp",
]
SUFFIXES = ["api", "api", "worker", "web", "consumer", "proxy", "svc", "indexer", "cron", "sync"]
TIERS = ["backend", "frontend", "worker", "batch"]
LOG_LEVELS = ["debug", "info", "warn", "error"]
CPU_REQ = ["50m", "100m", "200m", "250m", "500m"]
CPU_LIM = ["500m", "1", "2"]
MEM_REQ = ["64Mi", "128Mi", "256Mi", "512Mi"]
MEM_LIM = ["256Mi", "512Mi", "1Gi", "2Gi"]
HASH_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
DRIFT_KINDS = ["replicas", "image", "env", "label"]


def rand_uid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def rand_time(rng, lo=1672531200, hi=1735603200):  # 2023-01-01 .. 2024-12-31
    t = rng.randrange(lo, hi)
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t)), t


def fmt_time(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def pod_hash(rng):
    return "".join(rng.choice(HASH_ALPHABET) for _ in range(10))


class App:
    pass


def make_app(rng, team, name, index):
    a = App()
    a.team = team
    a.name = name
    a.index = index
    a.tier = rng.choice(TIERS)
    a.replicas = rng.choice([1, 2, 2, 3, 3, 4, 6])
    a.version = f"{rng.randint(0, 4)}.{rng.randint(0, 30)}.{rng.randint(0, 12)}"
    a.image_repo = f"ghcr.io/acme/{name}"
    a.port = rng.choice([8080, 8080, 8000, 3000, 9000])
    a.env = [
        ("LOG_LEVEL", rng.choice(LOG_LEVELS)),
        ("PORT", str(a.port)),
        rng.choice([("ENV", "production"), ("GOMAXPROCS", "2"), ("REGION", "eu-west-1"),
                    ("OTEL_SERVICE_NAME", name)]),
    ]
    extras = [
        ("DB_POOL_SIZE", str(rng.choice([5, 10, 20]))),
        ("FEATURE_FLAGS_URL", f"http://flags.{team}.svc.cluster.local:8080"),
        ("CACHE_TTL_SECONDS", str(rng.choice([30, 60, 300]))),
        ("UPSTREAM_URL", f"http://{rng.choice(PREFIXES)}-api.{team}.svc.cluster.local"),
    ]
    if rng.random() < 0.5:
        a.env.append(rng.choice(extras))
    a.cpu_req, a.cpu_lim = rng.choice(CPU_REQ), rng.choice(CPU_LIM)
    a.mem_req, a.mem_lim = rng.choice(MEM_REQ[:2]), rng.choice(MEM_LIM)
    a.probe_path = rng.choice(["/healthz", "/readyz", "/health"])
    a.probe_delay = rng.choice([None, 5, 10])  # None: not set
    a.probe_period = rng.choice([None, None, 5, 10, 15])  # None: left to the default
    a.svc_port = rng.choice([80, 80, 8080])
    a.named_target = rng.random() < 0.6
    a.owner = rng.choice(["platform", "sre", team, f"{team}-oncall"])
    a.k8s_labels = rng.random() < 0.5  # app.kubernetes.io/* labels, else app/version
    a.indent_seq = rng.random() < 0.7  # hand-written style: most indent sequences
    return a


def labels(a):
    if a.k8s_labels:
        return {
            "app.kubernetes.io/name": a.name,
            "app.kubernetes.io/version": Quoted(a.version),
            "tier": a.tier,
        }
    return {"app": a.name, "tier": a.tier, "version": Quoted(a.version)}


def selector(a):
    return {("app.kubernetes.io/name" if a.k8s_labels else "app"): a.name}


def iac_deployment(a):
    probe = {
        "httpGet": {"path": a.probe_path, "port": "http"},
    }
    if a.probe_delay is not None:
        probe["initialDelaySeconds"] = a.probe_delay
    if a.probe_period is not None:
        probe["periodSeconds"] = a.probe_period
    container = {
        "name": a.name,
        "image": f"{a.image_repo}:{a.version}",
        "ports": [{"name": "http", "containerPort": a.port}],
        "env": [{"name": k, "value": Quoted(v) if v.isdigit() else v} for k, v in a.env],
        "resources": {
            "requests": {"cpu": a.cpu_req, "memory": a.mem_req},
            "limits": {"cpu": Quoted(a.cpu_lim) if a.cpu_lim.isdigit() else a.cpu_lim,
                       "memory": a.mem_lim},
        },
        "readinessProbe": probe,
    }
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": a.name, "namespace": a.team, "labels": labels(a)},
        "spec": {
            "replicas": a.replicas,
            "selector": {"matchLabels": selector(a)},
            "template": {
                "metadata": {"labels": {**selector(a), "tier": a.tier}},
                "spec": {"containers": [container]},
            },
        },
    }


def iac_service(a):
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": a.name, "namespace": a.team, "labels": labels(a)},
        "spec": {
            "selector": selector(a),
            "ports": [{"name": "http", "port": a.svc_port,
                       "targetPort": "http" if a.named_target else a.port}],
        },
    }


def iac_file(a):
    lines = [f"# {a.name}: owned by {a.owner}",
             f"# Deployment and Service for {a.name} ({a.tier}); apply with kubectl apply -f"]
    lines += emit(iac_deployment(a), False, a.indent_seq)
    lines.append("---")
    if a.index % 3 == 0:
        lines.append(f"# {a.name} is reached in-cluster at {a.name}.{a.team}.svc.cluster.local")
    lines += emit(iac_service(a), False, a.indent_seq)
    return "\n".join(lines) + "\n"


class Clock:
    """Monotonic resourceVersion source."""

    def __init__(self, rng):
        self.rv = rng.randrange(1_000_000, 9_000_000)

    def next(self, rng):
        self.rv += rng.randrange(1, 5000)
        return str(self.rv)


def live_deployment(rng, clock, a, drift):
    manifest = iac_deployment(a)
    applied = last_applied_json(manifest)
    created, t = rand_time(rng)
    revision = rng.choice([1, 1, 1, 2, 3, 5])
    generation = revision + rng.choice([0, 0, 1])
    replicas = a.replicas
    image = f"{a.image_repo}:{a.version}"
    env = [{"name": k, "value": v} for k, v in a.env]
    meta_labels = plain(labels(a))
    if drift == "replicas":
        replicas = a.replicas + rng.choice([1, 2, 3]) if a.replicas < 3 else a.replicas - 1
        generation += 1
    elif drift == "image":
        major, minor, patch = (int(x) for x in a.version.split("."))
        image = f"{a.image_repo}:{major}.{minor}.{patch + 1}-hotfix"
        generation += 1
        revision += 1
    elif drift == "env":
        env[0] = {"name": "LOG_LEVEL", "value": "debug" if env[0]["value"] != "debug" else "info"}
        generation += 1
        revision += 1
    elif drift == "label":
        meta_labels["incident"] = f"inc-{rng.randrange(1000, 9999)}"
    probe = {
        "failureThreshold": 3,
        "httpGet": {"path": a.probe_path, "port": "http", "scheme": "HTTP"},
        "periodSeconds": a.probe_period if a.probe_period is not None else 10,
        "successThreshold": 1,
        "timeoutSeconds": 1,
    }
    if a.probe_delay is not None:
        probe["initialDelaySeconds"] = a.probe_delay
    container = {
        "env": env,
        "image": image,
        "imagePullPolicy": "IfNotPresent",
        "name": a.name,
        "ports": [{"containerPort": a.port, "name": "http", "protocol": "TCP"}],
        "readinessProbe": probe,
        "resources": {
            "limits": {"cpu": a.cpu_lim, "memory": a.mem_lim},
            "requests": {"cpu": a.cpu_req, "memory": a.mem_req},
        },
        "terminationMessagePath": "/dev/termination-log",
        "terminationMessagePolicy": "File",
    }
    h = pod_hash(rng)
    t_avail = t + rng.randrange(60, 90 * 86400)
    t_prog = t + rng.randrange(5, 120)
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "annotations": {
                "deployment.kubernetes.io/revision": str(revision),
                "kubectl.kubernetes.io/last-applied-configuration": applied,
            },
            "creationTimestamp": created,
            "generation": generation,
            "labels": meta_labels,
            "name": a.name,
            "namespace": a.team,
            "resourceVersion": clock.next(rng),
            "uid": rand_uid(rng),
        },
        "spec": {
            "progressDeadlineSeconds": 600,
            "replicas": replicas,
            "revisionHistoryLimit": 10,
            "selector": {"matchLabels": selector(a)},
            "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"},
                         "type": "RollingUpdate"},
            "template": {
                "metadata": {"creationTimestamp": None,
                             "labels": {**selector(a), "tier": a.tier}},
                "spec": {
                    "containers": [container],
                    "dnsPolicy": "ClusterFirst",
                    "restartPolicy": "Always",
                    "schedulerName": "default-scheduler",
                    "securityContext": {},
                    "terminationGracePeriodSeconds": 30,
                },
            },
        },
        "status": deployment_status(replicas, generation, h, a.name, t_prog, t_avail),
    }


def deployment_status(replicas, generation, h, name, t_prog, t_avail):
    return {
        "availableReplicas": replicas,
        "conditions": [
            {"lastTransitionTime": fmt_time(t_avail), "lastUpdateTime": fmt_time(t_avail),
             "message": "Deployment has minimum availability.",
             "reason": "MinimumReplicasAvailable", "status": "True", "type": "Available"},
            {"lastTransitionTime": fmt_time(t_prog), "lastUpdateTime": fmt_time(t_avail),
             "message": f'ReplicaSet "{name}-{h}" has successfully progressed.',
             "reason": "NewReplicaSetAvailable", "status": "True", "type": "Progressing"},
        ],
        "observedGeneration": generation,
        "readyReplicas": replicas,
        "replicas": replicas,
        "updatedReplicas": replicas,
    }


def live_unmanaged(rng, clock, team, name):
    """A Deployment made by `kubectl create deployment NAME --image=...`: no IaC."""
    created, t = rand_time(rng)
    base = rng.choice(["busybox", "nginx", "curlimages/curl", "alpine"])
    image = f"{base}:{rng.randint(1, 9)}.{rng.randint(0, 20)}"
    h = pod_hash(rng)
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "annotations": {"deployment.kubernetes.io/revision": "1"},
            "creationTimestamp": created,
            "generation": 1,
            "labels": {"app": name},
            "name": name,
            "namespace": team,
            "resourceVersion": clock.next(rng),
            "uid": rand_uid(rng),
        },
        "spec": {
            "progressDeadlineSeconds": 600,
            "replicas": 1,
            "revisionHistoryLimit": 10,
            "selector": {"matchLabels": {"app": name}},
            "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"},
                         "type": "RollingUpdate"},
            "template": {
                "metadata": {"creationTimestamp": None, "labels": {"app": name}},
                "spec": {
                    "containers": [{
                        "image": image,
                        "imagePullPolicy": "IfNotPresent",
                        "name": base.split("/")[-1],
                        "resources": {},
                        "terminationMessagePath": "/dev/termination-log",
                        "terminationMessagePolicy": "File",
                    }],
                    "dnsPolicy": "ClusterFirst",
                    "restartPolicy": "Always",
                    "schedulerName": "default-scheduler",
                    "securityContext": {},
                    "terminationGracePeriodSeconds": 30,
                },
            },
        },
        "status": deployment_status(1, 1, h, name, t + 3, t + 40),
    }


def live_service(rng, clock, a, ip):
    applied = last_applied_json(iac_service(a))
    created, _ = rand_time(rng)
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {
            "annotations": {"kubectl.kubernetes.io/last-applied-configuration": applied},
            "creationTimestamp": created,
            "labels": plain(labels(a)),
            "name": a.name,
            "namespace": a.team,
            "resourceVersion": clock.next(rng),
            "uid": rand_uid(rng),
        },
        "spec": {
            "clusterIP": ip,
            "clusterIPs": [ip],
            "internalTrafficPolicy": "Cluster",
            "ipFamilies": ["IPv4"],
            "ipFamilyPolicy": "SingleStack",
            "ports": [{"name": "http", "port": a.svc_port, "protocol": "TCP",
                       "targetPort": "http" if a.named_target else a.port}],
            "selector": selector(a),
            "sessionAffinity": "None",
            "type": "ClusterIP",
        },
        "status": {"loadBalancer": {}},
    }


def kubectl_list(items):
    doc = {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}
    return "\n".join(emit(doc, True, False)) + "\n"


# --------------------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--apps", type=int, required=True, help="number of applications")
    ap.add_argument("--out", required=True, help="output directory (iac/ and live/ go inside)")
    ap.add_argument("--seed", type=int, default=20240601, help="random seed (default 20240601)")
    args = ap.parse_args(argv)
    if args.apps < 1:
        ap.error("--apps must be at least 1")

    rng = random.Random(args.seed)
    n = args.apps
    n_teams = max(1, round(n / 100))
    teams = [f"team-{i:03d}" for i in range(1, n_teams + 1)]

    # Apps: names unique within a team; spread over teams round-robin after a shuffle,
    # so teams are roughly (not exactly) equal.
    apps_by_team = {t: [] for t in teams}
    used = {t: set() for t in teams}
    apps = []
    for i in range(n):
        team = teams[rng.randrange(n_teams)] if rng.random() < 0.3 else teams[i % n_teams]
        while True:
            base = f"{rng.choice(PREFIXES)}-{rng.choice(SUFFIXES)}"
            name = base if base not in used[team] else f"{base}-{rng.randrange(2, 99)}"
            if name not in used[team]:
                break
        used[team].add(name)
        a = make_app(rng, team, name, i)
        apps.append(a)
        apps_by_team[team].append(a)

    # Planted differences (decided in app order, deterministic).
    planted = {"seed": args.seed, "apps": n, "teams": n_teams,
               "drifted": [], "missing_live": [], "unmanaged_live": []}
    fate = {}
    n_drift = max(1, round(n * 0.05))
    n_missing = max(1, round(n * 0.01)) if n >= 20 else 0
    chosen = rng.sample(range(n), n_drift + n_missing)
    for j, i in enumerate(sorted(chosen[:n_drift])):
        a = apps[i]
        kind = DRIFT_KINDS[j % len(DRIFT_KINDS)]
        fate[id(a)] = kind
        planted["drifted"].append({"namespace": a.team, "name": a.name, "kind": "Deployment",
                                   "drift": kind})
    for i in sorted(chosen[n_drift:]):
        a = apps[i]
        fate[id(a)] = "missing"
        planted["missing_live"].append({"namespace": a.team, "name": a.name})
    unmanaged_by_team = {t: [] for t in teams}
    n_unmanaged = max(1, round(n / 100))
    for _ in range(n_unmanaged):
        team = teams[rng.randrange(n_teams)]
        while True:
            name = f"{rng.choice(['debug', 'tmp', 'loadtest', 'hotfix', 'adhoc'])}-{rng.choice(PREFIXES)}-{rng.randrange(100, 999)}"
            if name not in used[team]:
                break
        used[team].add(name)
        unmanaged_by_team[team].append(name)
        planted["unmanaged_live"].append({"namespace": team, "name": name, "kind": "Deployment"})

    out = args.out
    files = 0
    sizes = {"iac": 0, "live": 0}

    def write(rel, text, part):
        nonlocal files
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        files += 1
        sizes[part] += len(data)

    for a in apps:
        write(os.path.join("iac", a.team, a.name + ".yaml"), iac_file(a), "iac")

    ip_rng = random.Random(args.seed + 1)
    ips = set()
    for team in teams:
        clock = Clock(rng)
        deployments, services = [], []
        for a in apps_by_team[team]:
            f = fate.get(id(a))
            if f == "missing":
                continue
            deployments.append((a.name, live_deployment(rng, clock, a, f)))
            while True:
                ip = f"10.{ip_rng.randrange(96, 112)}.{ip_rng.randrange(0, 256)}.{ip_rng.randrange(1, 255)}"
                if ip not in ips:
                    ips.add(ip)
                    break
            services.append((a.name, live_service(rng, clock, a, ip)))
        for name in unmanaged_by_team[team]:
            deployments.append((name, live_unmanaged(rng, clock, team, name)))
        items = [o for _, o in sorted(deployments, key=lambda x: x[0])]
        items += [o for _, o in sorted(services, key=lambda x: x[0])]
        write(os.path.join("live", team + ".yaml"), kubectl_list(items), "live")

    with open(os.path.join(out, "planted.json"), "w") as f:
        json.dump(planted, f, indent=2, sort_keys=True)
        f.write("\n")

    total = sizes["iac"] + sizes["live"]
    print(f"apps={n} teams={n_teams} drifted={len(planted['drifted'])} "
          f"missing_live={len(planted['missing_live'])} unmanaged_live={len(planted['unmanaged_live'])}")
    print(f"iac:   {n} files, {sizes['iac']} bytes ({sizes['iac'] / 1e6:.1f} MB)")
    print(f"live:  {n_teams} files, {sizes['live']} bytes ({sizes['live'] / 1e6:.1f} MB)")
    print(f"total: {files} files, {total} bytes ({total / 1e6:.1f} MB) in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
