import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("History: the Kubernetes analyzer over a series of captures, and back-ports of regressions")
struct CaptureHistoryAnalyzerTests {
  typealias F = HistoryFixture

  static let labels = ["2026-11-18T02-00Z", "2026-11-19T02-00Z", "2026-11-20T02-00Z", "2026-11-21T02-00Z"]
  static let replicas = "spec.replicas"
  static let privileged = "spec.template.spec.containers[name=web].securityContext.privileged"
  static let image = "spec.template.spec.containers[name=web].image"

  /// c1: nothing; c2, c3: replicas patched to 5 and the container made privileged; c4 (newest, after a
  /// redeploy): both gone.
  static func series() -> (newest: CaptureAnalysis, earlier: [CaptureAnalysis]) {
    let captures = [
      F.realCapture(labels[0], live: F.live()),
      F.realCapture(labels[1], live: F.live(replicas: 5, privileged: true)),
      F.realCapture(labels[2], live: F.live(replicas: 5, privileged: true)),
      F.realCapture(labels[3], live: F.live()),
    ]
    return (captures[3], Array(captures[..<3]))
  }

  @Test func theCapturesReadAsExpected() {
    let (newest, earlier) = Self.series()
    for capture in earlier + [newest] { #expect(!capture.analysis.hasErrors, "\(capture.analysis.diagnostics)") }
    #expect(earlier[0].analysis.findings.isEmpty, "\(AnalysisFixture.summary(earlier[0].analysis))")
    #expect(
      AnalysisFixture.summary(earlier[1].analysis) == [
        "runtime-patch Deployment.apps/shop/web \(Self.replicas)",
        "runtime-patch Deployment.apps/shop/web \(Self.privileged)",
      ])
    #expect(earlier[1].analysis.findings.last?.security?.direction == .weakens)
    #expect(newest.analysis.findings.isEmpty)
  }

  @Test func aRedeployThatLostTheReplicasPatchIsARegressionAndThePrivilegedOneIsResolved() throws {
    let (newest, earlier) = Self.series()
    let history = CaptureHistory.apply(newest: newest, earlier: earlier)
    #expect(F.lines(history.findings) == ["regression \(Self.replicas) first=\(Self.labels[1]) last=\(Self.labels[2])"])
    let regression = history.findings[0]
    #expect(regression.iac == 3)
    #expect(regression.live == 5)
    #expect(regression.action == .backport)
    #expect(regression.backport.possible)
    #expect(regression.backport.reason.hasPrefix("back-port of the value last seen in \(Self.labels[2]): "))
    #expect(regression.source?.location?.line == 7)
    #expect(history.summary.regressions == 1)
    #expect(history.summary.findings == 1)
    #expect(history.summary.inSync == 1)
    #expect(
      F.lines(history.resolved) == ["runtime-patch \(Self.privileged) first=\(Self.labels[1]) last=\(Self.labels[2])"])
    #expect(history.resolved[0].security?.rule == "K8S-PRIVILEGED")
  }

  @Test func firstSeenAcrossFourRealCaptures() {
    // The image is patched in c1, not in c2, and again in c3 and c4: first seen in c3.
    let captures = [
      F.realCapture(Self.labels[0], live: F.live(image: "nginx:1.25.4")),
      F.realCapture(Self.labels[1], live: F.live()),
      F.realCapture(Self.labels[2], live: F.live(image: "nginx:1.25.4")),
      F.realCapture(Self.labels[3], live: F.live(replicas: 4, image: "nginx:1.25.4")),
    ]
    let history = CaptureHistory.apply(newest: captures[3], earlier: Array(captures[..<3]))
    #expect(
      F.lines(history.findings) == [
        "runtime-patch \(Self.replicas) first=\(Self.labels[3]) last=-",
        "runtime-patch \(Self.image) first=\(Self.labels[2]) last=-",
      ])
  }

  @Test func aDeploymentGoneFromTheClusterIsMissingNotARegression() {
    let (_, earlier) = Self.series()
    let newest = F.realCapture(Self.labels[3], live: F.live(running: false))
    let history = CaptureHistory.apply(newest: newest, earlier: earlier)
    #expect(F.lines(history.findings) == ["missing  first=\(Self.labels[3]) last=-"])
    #expect(history.summary.regressions == 0)
    #expect(history.resolved.isEmpty)
  }

  // MARK: - Back-ports of regressions

  @Test func theRegressionBackportsTheLostValueFromItsOrigin() throws {
    let (newest, earlier) = Self.series()
    let history = CaptureHistory.apply(newest: newest, earlier: earlier)
    let regression = try #require(history.findings.first)
    for selection in [BackportPlanner.Selection.ids([regression.id]), .defaultBackports] {
      let plan = BackportPlanner().plan(
        history, selection: selection, defaultNamespace: "default", newManifestPath: { _ in nil },
        exists: { _ in false })
      #expect(plan.diagnostics.isEmpty, "\(plan.diagnostics)")
      #expect(!plan.hasDropped)
      #expect(plan.applied.map(\.finding.id) == [regression.id])
      #expect(plan.applied.map(\.path) == ["iac/web.yaml"])
      let file = try #require(plan.files.first)
      #expect(plan.files.count == 1)
      #expect(file.path == "iac/web.yaml")
      #expect(file.findingIDs == [regression.id])
      #expect(file.original == Array(F.manifest.utf8))
      let edited = String(decoding: file.edited, as: UTF8.self)
      #expect(edited == F.manifest.replacingFirst("replicas: 3", with: "replicas: 5"))

      // Verified: the edited IaC against the capture that had the patch keeps it (no replicas change),
      // and against the newest capture it now shows the lost value as a runtime patch to re-apply.
      let origin = F.realCapture(Self.labels[2], live: F.live(replicas: 5, privileged: true), iac: edited)
      #expect(AnalysisFixture.summary(origin.analysis) == ["runtime-patch Deployment.apps/shop/web \(Self.privileged)"])
      let now = F.realCapture(Self.labels[3], live: F.live(), iac: edited)
      #expect(AnalysisFixture.summary(now.analysis) == ["runtime-patch Deployment.apps/shop/web \(Self.replicas)"])
      // And the history over the edited IaC no longer calls it a regression: the source kept the patch.
      let after = CaptureHistory.apply(
        newest: now,
        earlier: [F.realCapture(Self.labels[2], live: F.live(replicas: 5, privileged: true), iac: edited)])
      #expect(after.summary.regressions == 0)
    }
  }

  @Test func aRegressionInAFileAnotherBackportChangesIsDroppedForTheNextRun() throws {
    let (_, earlier) = Self.series()
    // The newest capture has a new runtime patch in the same manifest.
    let newest = F.realCapture(Self.labels[3], live: F.live(image: "nginx:1.25.4"))
    let history = CaptureHistory.apply(newest: newest, earlier: earlier)
    #expect(history.findings.map(\.kind) == [.regression, .runtimePatch])
    let plan = BackportPlanner().plan(
      history, selection: .defaultBackports, defaultNamespace: "default", newManifestPath: { _ in nil },
      exists: { _ in false })
    #expect(plan.hasDropped)
    #expect(plan.applied.map(\.finding.kind) == [.runtimePatch])
    #expect(plan.files.map(\.path) == ["iac/web.yaml"])
    #expect(plan.files[0].findingIDs == [history.findings[1].id])
    let warning = try #require(plan.diagnostics.first)
    #expect(plan.diagnostics.count == 1)
    #expect(warning.severity == .warning)
    #expect(
      warning.message
        == "not back-porting \(history.findings[0].id) (Deployment.apps/shop/web spec.replicas): its back-port "
        + "changes iac/web.yaml, which another back-port of this run changes too; run backport again after applying")
  }

  @Test func aRegressionWhoseFileChangedSinceItsCaptureIsRefused() throws {
    // The origin capture was compared with an older revision of the manifest (a comment differs).
    let older = "# revision 1\n" + F.manifest
    let earlier = [F.realCapture(Self.labels[2], live: F.live(replicas: 5), iac: older)]
    let history = CaptureHistory.apply(newest: F.realCapture(Self.labels[3], live: F.live()), earlier: earlier)
    let regression = try #require(history.findings.first)
    #expect(regression.kind == .regression)
    let plan = BackportPlanner().plan(
      history, selection: .ids([regression.id]), defaultNamespace: "default", newManifestPath: { _ in nil },
      exists: { _ in false })
    #expect(plan.files.isEmpty)
    #expect(plan.hasDropped)
    #expect(
      plan.diagnostics.map(\.message) == [
        "not back-porting \(regression.id) (Deployment.apps/shop/web spec.replicas): iac/web.yaml is no longer the "
          + "file capture \(Self.labels[2]) was compared with; back-port the value last seen there by hand"
      ])
  }

  @Test func twoRegressionsOfOneCaptureCombineInOneFile() throws {
    let lost = F.live(replicas: 5, image: "nginx:1.25.4")
    let history = CaptureHistory.apply(
      newest: F.realCapture(Self.labels[3], live: F.live()), earlier: [F.realCapture(Self.labels[2], live: lost)])
    #expect(history.findings.map(\.kind) == [.regression, .regression])
    let plan = BackportPlanner().plan(
      history, selection: .defaultBackports, defaultNamespace: "default", newManifestPath: { _ in nil },
      exists: { _ in false })
    #expect(plan.diagnostics.isEmpty, "\(plan.diagnostics)")
    #expect(plan.files.count == 1)
    #expect(Set(plan.files[0].findingIDs) == Set(history.findings.map(\.id)))
    let edited = String(decoding: plan.files[0].edited, as: UTF8.self)
    #expect(
      edited
        == F.manifest.replacingFirst("replicas: 3", with: "replicas: 5").replacingFirst(
          "nginx:1.25.3", with: "nginx:1.25.4"))
  }

  @Test func aRegressionWithoutOriginIsDroppedClearly() throws {
    let (newest, earlier) = Self.series()
    var history = CaptureHistory.apply(newest: newest, earlier: earlier)
    history.regressionOrigins = [:]
    let plan = BackportPlanner().plan(
      history, selection: .defaultBackports, defaultNamespace: "default", newManifestPath: { _ in nil },
      exists: { _ in false })
    #expect(plan.files.isEmpty)
    #expect(
      plan.diagnostics.first?.message.hasSuffix(
        "the capture that last had the runtime patch is not known; report over the earlier captures") == true)
  }
}

extension String {
  /// The text with the first occurrence of `target` replaced (Foundation-free, for expected outputs).
  func replacingFirst(_ target: String, with replacement: String) -> String {
    replacing(target, with: replacement, maxReplacements: 1)
  }
}
