import DriftbackSyntax
import Testing

@testable import Driftback

/// Helpers of the History suites: hand-built analyses (findings and changes made directly) and real ones
/// (the Kubernetes analyzer on inline manifests and captures served from memory).
enum HistoryFixture {
  static let web = ResourceAddress.kubernetes(kind: "Deployment", group: "apps", namespace: "shop", name: "web")
  static let api = ResourceAddress.kubernetes(kind: "Deployment", group: "apps", namespace: "shop", name: "api")

  // MARK: - Hand-built

  /// A finding as a classifier would make it in capture `label`.
  static func finding(
    _ kind: Finding.Kind, _ resource: ResourceAddress, _ path: String,
    change: Change.Kind = .changed, iac: Value? = nil, live: Value? = nil,
    weakens rule: String? = nil, label: String
  ) throws -> Finding {
    let valuePath = try ValuePath(parsing: path)
    let security = rule.map {
      SecurityAssessment(rule: $0, direction: .weakens, severity: .critical, summary: "\($0) weakens it")
    }
    return Finding(
      id: Finding.makeID(kind: kind, resource: resource, path: valuePath), kind: kind, resource: resource,
      path: valuePath, change: change, iac: iac, live: live,
      source: Provenance(
        file: "iac/web.yaml", location: SourceLocation(file: "iac/web.yaml", line: 7, column: 12), path: valuePath,
        isExact: true),
      severity: security?.severity ?? .low, security: security, action: security == nil ? .backport : .revert,
      backport: security == nil
        ? .init(possible: true, reason: "set the value at iac/web.yaml:7:12")
        : .init(possible: false, reason: "the runtime change weakens a security control; redeploy the source"),
      firstSeen: label, involvesSecret: false)
  }

  /// A runtime patch as a classifier would make it in capture `label`.
  static func patch(
    _ path: String, on resource: ResourceAddress = web, change: Change.Kind = .changed, iac: Value? = nil,
    live: Value? = nil, weakens rule: String? = nil, label: String
  ) throws -> Finding {
    try finding(.runtimePatch, resource, path, change: change, iac: iac, live: live, weakens: rule, label: label)
  }

  /// An analysis in which `resources` are declared (with these IaC values) and running, the findings'
  /// changes recorded; a `missing` finding makes its resource not running.
  static func analysis(_ findings: [Finding], resources: [ResourceAddress: Value] = [web: iacValue]) -> Analysis {
    var analysis = Analysis()
    for (address, value) in resources {
      analysis.iacResources[address] = Resource(address: address, value: value, source: nil, span: nil)
    }
    for finding in findings {
      switch finding.kind {
      case .runtimePatch:
        analysis.changes[finding.resource, default: []].append(
          Change(path: finding.path, kind: finding.change, iac: finding.iac, live: finding.live))
      case .missing: analysis.summary.missing += 1
      case .unmanaged: analysis.summary.unmanaged += 1
      case .regression, .secretInIaC: break
      }
    }
    analysis.summary.drifted = analysis.changes.count
    analysis.summary.inSync = resources.count - analysis.summary.drifted - analysis.summary.missing
    analysis.findings = findings
    analysis.finish()
    return analysis
  }

  /// The IaC of `web` in the hand-built analyses.
  static let iacValue: Value = [
    "spec": [
      "replicas": 3,
      "template": ["spec": ["containers": [["name": "web", "image": "nginx:1.25.3", "securityContext": [:]]]]],
    ]
  ]

  /// A hand-built capture, judged against the IaC revision `revision` (`nil`: against today's IaC).
  static func capture(
    _ label: String, _ findings: [Finding], resources: [ResourceAddress: Value] = [web: iacValue],
    revision: String? = "0123abcd"
  ) -> CaptureAnalysis {
    CaptureAnalysis(
      label: label, capturedAt: time(of: label), event: "scheduled", analysis: analysis(findings, resources: resources),
      iacRevision: revision)
  }

  /// `2026-11-20T02-00Z` → `2026-11-20T02:00:00Z`.
  static func time(of label: String) -> String {
    let characters = Array(label)
    guard characters.count == 17 else { return label }
    return String(characters[0..<13]) + ":" + String(characters[14..<16]) + ":00Z"
  }

  // MARK: - Real analyses

  /// The IaC: one Deployment, whose replicas an autoscaler-like tool patches and whose container someone
  /// makes privileged.
  static let manifest = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
    spec:
      replicas: 3
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
              image: nginx:1.25.3
              securityContext:
                privileged: false
    """

  /// A `kubectl get -o yaml` capture of the Deployment (or of nothing).
  static func live(replicas: Int = 3, privileged: Bool = false, image: String = "nginx:1.25.3", running: Bool = true)
    -> String
  {
    guard running else { return "apiVersion: v1\nkind: List\nitems: []\n" }
    return """
      apiVersion: v1
      kind: List
      items:
      - apiVersion: apps/v1
        kind: Deployment
        metadata:
          creationTimestamp: "2026-11-03T10:12:09Z"
          generation: 3
          name: web
          namespace: shop
          resourceVersion: "45190877"
          uid: 5d1c2b3a-0e4f-4a5b-8c6d-7e8f9a0b1c2d
        spec:
          progressDeadlineSeconds: 600
          replicas: \(replicas)
          revisionHistoryLimit: 10
          selector:
            matchLabels:
              app: web
          strategy:
            rollingUpdate:
              maxSurge: 25%
              maxUnavailable: 25%
            type: RollingUpdate
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - image: \(image)
                imagePullPolicy: IfNotPresent
                name: web
                resources: {}
                securityContext:
                  privileged: \(privileged)
                terminationMessagePath: /dev/termination-log
                terminationMessagePolicy: File
              dnsPolicy: ClusterFirst
              restartPolicy: Always
              schedulerName: default-scheduler
              securityContext: {}
              terminationGracePeriodSeconds: 30
        status:
          observedGeneration: 3
          replicas: \(replicas)
      """
  }

  /// The analyzer on `manifest` (or `iac`) against one capture.
  static func realCapture(_ label: String, live: String, iac: String = manifest) -> CaptureAnalysis {
    CaptureAnalysis(
      label: label, capturedAt: time(of: label),
      analysis: AnalysisFixture.analyze(
        iac: ["iac/web.yaml": iac], live: ["\(label)/shop.yaml": live], captureLabel: label),
      iacRevision: "0123abcd")
  }

  /// Findings as `"<kind> <path> first=<firstSeen> last=<lastSeen>"` lines.
  static func lines(_ findings: [Finding]) -> [String] {
    findings.map { "\($0.kind.rawValue) \($0.path) first=\($0.firstSeen ?? "-") last=\($0.lastSeen ?? "-")" }
  }
}
