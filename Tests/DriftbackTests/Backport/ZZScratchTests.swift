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
