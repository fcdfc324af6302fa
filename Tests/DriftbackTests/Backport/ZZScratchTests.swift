import Testing
@testable import Driftback
import DriftbackSyntax

let scratchDeployment = """
# Storefront web tier.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app: web
    app.kubernetes.io/part-of: shop
  annotations:
    # who to page
    owner: "team-storefront"
spec:
  replicas: 3 # scaled by hand during the sale
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: "ghcr.io/acme/shop-web:1.4.2"
          args: ["--port=8080", "--log-format=json"]
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_HOST
              value: 'db.shop.svc.cluster.local'
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
            limits:
              cpu: 1 # one full core
              memory: 512Mi
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web
data:
  LOG_LEVEL: info
  nginx.conf: |
    server {
      listen 8080;
    }

  # trailing comment
  motd: >-
    welcome
"""

func show(_ c: Change, _ text: String = scratchDeployment, kind: String = "Deployment", path: String = "app.yaml") {
  let file = SourceFile(path: path, text: text)
  var objs: [Value] = []
  _ = try! KubernetesDocumentReader().read(file) { objs.append($0.value) }
  let obj = objs.first { $0["kind"]?.string == kind }!
  switch YAMLEditPlanner().edits(for: c, in: obj, file: file) {
  case .success(let edits):
    let out = try! SourceEditApplier.apply(edits, to: text)
    print("=== \(c.kind) \(c.path)\n" + UnifiedDiff.make(path: path, old: Array(text.utf8), new: Array(out.utf8)))
  case .failure(let r): print("=== \(c.kind) \(c.path) REFUSED: \(r.reason)")
  }
}


let kubectlStyle = """
apiVersion: v1
kind: Service
metadata:
  name: web
  annotations: {}
  labels: {app: web, tier: "frontend"}
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: http
  - name: https
    port: 443
  ipFamilies:
  - IPv4
  sessionAffinity:
  externalIPs: []
"""

let jsonManifest = """
{
    "apiVersion": "v1",
    "kind": "Service",
    "metadata": {
        "name": "web",
        "labels": {
            "app": "web"
        },
        "annotations": {}
    },
    "spec": {
        "ports": [
            {
                "name": "http",
                "port": 80
            }
        ],
        "selector": {"app": "web"},
        "type": "ClusterIP"
    }
}

"""

@Test func scratchBackportShow2() throws {
  func ch(_ k: Change.Kind, _ p: String, _ live: Value?) -> Change { Change(path: try! ValuePath(parsing: p), kind: k, iac: nil, live: live) }
  show(ch(.changed, "spec.template.spec.containers[name=web].args", ["--port=9090", "--log-format=json", "a b: c"]))
  show(ch(.added, "metadata.annotations.team", "storefront"))
  show(ch(.added, "spec.ports[port=8443,protocol=TCP]", .object(["name": "alt", "port": 8443, "targetPort": 8443])), kubectlStyle, kind: "Service")
  show(ch(.removed, "spec.ports[port=80,protocol=TCP]", nil), kubectlStyle, kind: "Service")
  show(ch(.removed, "spec.ports[port=443,protocol=TCP]", nil), kubectlStyle, kind: "Service")
  show(ch(.added, "spec.externalTrafficPolicy", "Local"), kubectlStyle, kind: "Service")
  show(ch(.added, "metadata.annotations.owner", "team-a"), kubectlStyle, kind: "Service")
  show(ch(.added, "metadata.annotations", .object(["owner": "team-a"])), kubectlStyle, kind: "Service")
  show(ch(.added, "metadata.labels.env", "prod"), kubectlStyle, kind: "Service")
  show(ch(.removed, "metadata.labels.app", nil), kubectlStyle, kind: "Service")
  show(ch(.removed, "metadata.labels.tier", nil), kubectlStyle, kind: "Service")
  show(ch(.changed, "metadata.labels.tier", "backend"), kubectlStyle, kind: "Service")
  show(ch(.added, "spec.sessionAffinity", "ClientIP"), kubectlStyle, kind: "Service")
  show(ch(.added, "spec.externalIPs", ["10.0.0.1"]), kubectlStyle, kind: "Service")
  show(ch(.added, "spec.externalIPs[0]", "10.0.0.1"), kubectlStyle, kind: "Service")
  show(ch(.changed, "spec.ipFamilies", ["IPv4", "IPv6"]), kubectlStyle, kind: "Service")
  show(ch(.added, "spec.selector.tier", "web"), kubectlStyle, kind: "Service")
  show(ch(.added, "spec.sessionAffinityConfig", .object(["clientIP": .object(["timeoutSeconds": 300])])), kubectlStyle, kind: "Service")
  show(ch(.added, "spec.sessionAffinityConfig.clientIP", .object(["timeoutSeconds": 300])), kubectlStyle, kind: "Service")
  show(ch(.changed, "spec.type", "NodePort"), jsonManifest, kind: "Service", path: "svc.json")
  show(ch(.added, "metadata.labels.tier", "web"), jsonManifest, kind: "Service", path: "svc.json")
  show(ch(.added, "metadata.annotations.owner", "team"), jsonManifest, kind: "Service", path: "svc.json")
  show(ch(.added, "spec.ports[port=443,protocol=TCP]", .object(["name": "https", "port": 443])), jsonManifest, kind: "Service", path: "svc.json")
  show(ch(.removed, "spec.ports[port=80,protocol=TCP]", nil), jsonManifest, kind: "Service", path: "svc.json")
  show(ch(.removed, "spec.type", nil), jsonManifest, kind: "Service", path: "svc.json")
  show(ch(.removed, "metadata.labels.app", nil), jsonManifest, kind: "Service", path: "svc.json")
  show(ch(.removed, "spec.selector.app", nil), jsonManifest, kind: "Service", path: "svc.json")
  show(ch(.added, "spec.selector.tier", "x"), jsonManifest, kind: "Service", path: "svc.json")
  show(ch(.changed, "spec.ports", [.object(["port": 1])]), jsonManifest, kind: "Service", path: "svc.json")
}


let anchored = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &labels
    app: web
spec:
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels:
        <<: *labels
        tier: front
    spec:
      containers:
      -   name: web
          image: nginx
          command: !!seq
          - run
          script: |+
            echo hi

      -   name: side
          image: envoy
          note: !!str 12
"""

let listFile = """
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: a
  data:
    k: v
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: web
  data:
    k: v\r
"""

@Test func scratchBackportShow3() throws {
  func ch(_ k: Change.Kind, _ p: String, _ live: Value?) -> Change { Change(path: try! ValuePath(parsing: p), kind: k, iac: nil, live: live) }
  show(ch(.changed, "spec.selector.matchLabels.app", "x"), anchored)
  show(ch(.changed, "metadata.labels.app", "x"), anchored)
  show(ch(.changed, "spec.template.metadata.labels.app", "x"), anchored)
  show(ch(.removed, "spec.template.metadata.labels.tier", nil), anchored)
  show(ch(.added, "spec.template.metadata.labels.env", "prod"), anchored)
  show(ch(.added, "spec.template.spec.containers[name=sidecar]", .object(["name": "sidecar", "image": "x", "args": ["a"]])), anchored)
  show(ch(.changed, "spec.template.spec.containers[name=web].script", "echo bye\n"), anchored)
  show(ch(.changed, "spec.template.spec.containers[name=web].script", "  indented\nx\n"), anchored)
  show(ch(.added, "spec.template.spec.containers[name=web].tty", true), anchored)
  show(ch(.changed, "spec.template.spec.containers[name=web].command", ["run", "fast"]), anchored)
  show(ch(.changed, "spec.template.spec.containers[name=side].note", "13"), anchored)
  show(ch(.changed, "spec.template.spec.containers[name=side].note", 13), anchored)
  show(ch(.removed, "spec.template.spec.containers[name=side]", nil), anchored)
  show(ch(.removed, "spec.template.spec.containers[name=web]", nil), anchored)
  show(ch(.changed, "spec.template.spec.containers[5].image", "x"), anchored)
  show(ch(.added, "spec.template.spec.containers[5]", .object(["name": "x"])), anchored)
  show(ch(.added, "data.k2", "v2"), listFile, kind: "ConfigMap")
  show(ch(.changed, "data.k", "w"), listFile, kind: "ConfigMap")
  show(ch(.changed, "metadata.name", "web"), listFile, kind: "ConfigMap")
  show(ch(.changed, "spec.template.spec.containers[name=web].image", .object(["repo": "nginx"])), anchored)
  show(ch(.changed, "spec.template.spec.containers[name=web].command", "run"), anchored)
}

@Test func scratchBackportShow() throws {
  func ch(_ k: Change.Kind, _ p: String, _ live: Value?) -> Change { Change(path: try! ValuePath(parsing: p), kind: k, iac: nil, live: live) }
  show(ch(.changed, "spec.replicas", 5))
  show(ch(.changed, "spec.template.spec.containers[name=web].image", "ghcr.io/acme/shop-web:1.4.3"))
  show(ch(.changed, "spec.template.spec.containers[name=web].env[name=DB_HOST].value", "db2.shop.svc.cluster.local"))
  show(ch(.changed, "spec.template.spec.containers[name=web].env[name=LOG_LEVEL].value", "true"))
  show(ch(.changed, "spec.template.spec.containers[name=web].args", ["--port=9090", "--log-format=json", "a b: c"]))
  show(ch(.added, "spec.template.spec.containers[name=web].resources.limits[\"ephemeral-storage\"]", "1Gi"))
  show(ch(.added, "metadata.labels.tier", "frontend"))
  show(ch(.added, "spec.template.spec.securityContext", .object(["runAsNonRoot": true, "fsGroup": 2000])))
  show(ch(.added, "spec.template.spec.containers[name=web].env[name=FEATURE]", .object(["name": "FEATURE", "value": "on"])))
  show(ch(.added, "spec.template.spec.containers[name=sidecar]", .object(["name": "sidecar", "image": "envoy:1.30", "ports": [.object(["containerPort": 9901])]])))
  show(ch(.removed, "metadata.annotations.owner", nil))
  show(ch(.removed, "spec.template.spec.containers[name=web].env[name=DB_HOST]", nil))
  show(ch(.removed, "spec.template.spec.containers[name=web].resources.limits", nil))
  show(ch(.removed, "spec.template.spec.containers[name=web].ports[containerPort=8080,protocol=TCP]", nil))
  show(ch(.removed, "spec.template.spec.containers[name=web].env[name=LOG_LEVEL].value", nil))
  show(ch(.removed, "spec.template.spec.containers[name=web].name", nil))
  show(ch(.changed, "data[\"nginx.conf\"]", "server {\n  listen 9090;\n}\n"), kind: "ConfigMap")
  show(ch(.changed, "data[\"nginx.conf\"]", "server {\n  listen 9090;\n}"), kind: "ConfigMap")
  show(ch(.changed, "data.motd", "welcome\nback"), kind: "ConfigMap")
  show(ch(.changed, "data.LOG_LEVEL", "debug\nmore"), kind: "ConfigMap")
  show(ch(.added, "data.extra", "line1\nline2\n"), kind: "ConfigMap")
  show(ch(.removed, "data[\"nginx.conf\"]", nil), kind: "ConfigMap")
  show(ch(.removed, "data.motd", nil), kind: "ConfigMap")
  show(ch(.added, "data.after", "x"), kind: "ConfigMap")
}

@Test func scratchEOFClip() throws {
  for t in ["a: |\n  echo hi", "a: |+\n  echo hi", "a: |\n  echo hi\n", "a: |+\n  echo hi\n\n", "a: >\n  x\n  y\n\n  z\n"] {
    let f = SourceFile(path: "x.yaml", text: t)
    let d = try YAMLParser().parse(f)
    print(t.debugDescription, "->", d[0].root!["a"]!.scalarValue!.debugDescription)
  }
}
