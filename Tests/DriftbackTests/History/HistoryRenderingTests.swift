import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("History: regressions, ages and resolved changes in the text and JSON reports")
struct HistoryRenderingTests {
  typealias F = HistoryFixture

  static let c1 = "2026-11-19T02-00Z"
  static let c2 = "2026-11-20T02-00Z"
  static let c3 = "2026-11-21T02-00Z"
  static let image = "spec.template.spec.containers[name=web].image"
  static let privileged = "spec.template.spec.containers[name=web].securityContext.privileged"

  /// c1 and c2: replicas patched, container privileged; c2 also a new image. c3 (newest): replicas and
  /// privileged gone, the image still there, an unmanaged Deployment.
  static func history() throws -> (analysis: Analysis, captures: [CaptureAnalysis]) {
    func patches(_ label: String) throws -> [Finding] {
      [
        try F.patch("spec.replicas", iac: 3, live: 5, label: label),
        try F.patch(Self.privileged, change: .added, live: true, weakens: "K8S-PRIVILEGED", label: label),
      ]
    }
    func image(_ label: String) throws -> Finding {
      try F.patch(Self.image, iac: "nginx:1.25.3", live: "nginx:1.25.4", label: label)
    }
    let captures = [
      F.capture(Self.c1, try patches(Self.c1)),
      F.capture(Self.c2, try patches(Self.c2) + [try image(Self.c2)]),
      F.capture(
        Self.c3, [try image(Self.c3), try F.finding(.unmanaged, F.api, "", change: .added, live: [:], label: Self.c3)]),
    ]
    return (CaptureHistory.apply(newest: captures[2], earlier: Array(captures[..<2])), captures)
  }

  static func report(_ analysis: Analysis, captures: [CaptureAnalysis], beforeLabel: String? = nil) -> DriftReport {
    let newest = captures[captures.count - 1]
    var times: [String: String] = [:]
    for capture in captures { times[capture.label] = capture.capturedAt }
    return DriftReport(
      toolVersion: "0.0.0-test", captureLabel: newest.label, capturedAt: newest.capturedAt, analysis: analysis,
      captureTimes: times, beforeLabel: beforeLabel)
  }

  // MARK: - Text

  @Test func theTextReportShowsRegressionsAgesAndResolvedChanges() throws {
    let (analysis, captures) = try Self.history()
    let text = TextReportRenderer(color: false).render(Self.report(analysis, captures: captures))
    let regression = try #require(analysis.findings.first { $0.kind == .regression })
    let patch = try #require(analysis.findings.first { $0.kind == .runtimePatch })
    let unmanaged = try #require(analysis.findings.first { $0.kind == .unmanaged })
    let expected = """
      driftback report · capture \(Self.c3) (2026-11-21T02:00:00Z)

      Deployment.apps/shop/api  (not in IaC)
        + unmanaged: live only
            live {}
            unmanaged · low · backport · since \(Self.c3) (new)  [\(unmanaged.id)]

      Deployment.apps/shop/web
        ! spec.replicas  regression: lost after \(Self.c2)
            iac              3
            live (last seen) 5
            regression · low · backport · patched since \(Self.c1) (2 days)  [\(regression.id)]
            at iac/web.yaml:7:12
        ~ \(Self.image)
            iac  nginx:1.25.3
            live nginx:1.25.4
            runtime-patch · low · backport · since \(Self.c2) (1 day)  [\(patch.id)]
            at iac/web.yaml:7:12

      2 resources: 0 in sync, 1 drifted, 1 unmanaged, 0 missing · 3 findings (3 backport) · 1 regression · 1 resolved
      resolved: Deployment.apps/shop/web \(Self.privileged) (K8S-PRIVILEGED weakened it; last seen \(Self.c2))

      """
    #expect(text == expected)
  }

  @Test func agesAreMeasuredAgainstTheNewestCaptureNotTheClock() throws {
    let earlier = "2026-11-21T23-00Z"
    let newest = "2026-11-22T02-00Z"
    let history = CaptureHistory.apply(
      newest: F.capture(newest, [try F.patch("spec.replicas", iac: 3, live: 5, label: newest)]),
      earlier: [F.capture(earlier, [try F.patch("spec.replicas", iac: 3, live: 5, label: earlier)])])
    let captures = [F.capture(earlier, []), F.capture(newest, [])]
    let text = TextReportRenderer(color: false).render(Self.report(history, captures: captures))
    #expect(text.contains("runtime-patch · low · backport · since \(earlier) (3 h)  ["))

    // Minutes, and labels that are date-times stand in for unknown capture times.
    let report = DriftReport(
      toolVersion: "t", captureLabel: "2026-11-22T09-30Z", capturedAt: nil, analysis: Analysis())
    #expect(report.age(of: "2026-11-22T09-00Z") == "30 min")
    #expect(report.age(of: "before-the-deploy") == nil)
    // Without any time, only the newest capture's own findings get an age: new.
    let unknown = DriftReport(toolVersion: "t", captureLabel: "latest", capturedAt: nil, analysis: history)
    let plain = TextReportRenderer(color: false).render(unknown)
    #expect(plain.contains("· since \(earlier)  ["))
  }

  @Test func aVerificationHasItsHeaderAndVerdict() throws {
    let before = "2026-11-22T09-00Z"
    let after = "2026-11-22T09-30Z"
    let captures = [
      F.capture(before, [try F.patch("spec.replicas", iac: 3, live: 5, label: before)]),
      F.capture(after, []),
    ]
    let verification = PostDeployVerification.verify(before: captures[0], after: captures[1])
    let text = TextReportRenderer(color: false).render(
      Self.report(verification, captures: captures, beforeLabel: before))
    #expect(
      text.hasPrefix(
        "driftback verify · capture \(after) (2026-11-22T09:30:00Z) · before the deploy: \(before) (2026-11-22T09:00:00Z)\n"
      ))
    #expect(text.contains("regression · low · backport · patched since \(before) (30 min)"))
    #expect(text.hasSuffix("verify: failed · 1 regression, every resource converged\n"))

    let clean = PostDeployVerification.verify(before: captures[1], after: captures[1])
    let passed = TextReportRenderer(color: false).render(Self.report(clean, captures: captures, beforeLabel: before))
    #expect(passed.hasSuffix("verify: passed · no regression, every resource converged\n"))
  }

  // MARK: - JSON

  @Test func theJSONReportCarriesLastSeenAndResolved() throws {
    let (analysis, captures) = try Self.history()
    let value = JSONReportRenderer.value(of: Self.report(analysis, captures: captures))
    #expect(value["schemaVersion"] == 1)
    #expect(value["summary"]?["regressions"] == 1)
    #expect(value["summary"]?["findings"] == 3)
    let findings = try #require(value["findings"]?.list)
    let regression = try #require(findings.first { $0["kind"] == "regression" })
    #expect(regression["lastSeen"] == .string(Self.c2))
    #expect(regression["firstSeen"] == .string(Self.c1))
    #expect(regression["iac"] == 3)
    #expect(regression["live"] == 5)
    #expect(regression["action"] == "backport")
    #expect(
      regression["backport"]?["reason"]
        == .string("back-port of the value last seen in \(Self.c2): set the value at iac/web.yaml:7:12"))
    let patch = try #require(findings.first { $0["kind"] == "runtime-patch" })
    #expect(patch["lastSeen"] == nil, "lastSeen only when known")
    #expect(patch["firstSeen"] == .string(Self.c2))
    let resolved = try #require(value["resolved"]?.list)
    #expect(resolved.count == 1)
    #expect(resolved[0]["path"] == .string(Self.privileged))
    #expect(resolved[0]["lastSeen"] == .string(Self.c2))
    #expect(resolved[0]["security"]?["rule"] == "K8S-PRIVILEGED")
    #expect(value["before"] == nil)

    // The text parses back as JSON with the same keys.
    let text = JSONReportRenderer().render(Self.report(analysis, captures: captures))
    #expect(text.contains("\"resolved\": ["))
    #expect(text.contains("\"lastSeen\": \"\(Self.c2)\""))
  }

  @Test func theJSONReportHasNoResolvedListWhenNothingResolved() throws {
    let newest = F.capture(Self.c3, [try F.patch("spec.replicas", iac: 3, live: 5, label: Self.c3)])
    let value = JSONReportRenderer.value(of: Self.report(newest.analysis, captures: [newest]))
    #expect(value["resolved"] == nil)
    #expect(value["findings"]?.list?.first?["lastSeen"] == nil)
  }

  @Test func theJSONOfAVerificationNamesTheCaptureBefore() throws {
    let captures = [F.capture(Self.c2, []), F.capture(Self.c3, [])]
    let value = JSONReportRenderer.value(
      of: Self.report(
        PostDeployVerification.verify(before: captures[0], after: captures[1]), captures: captures,
        beforeLabel: Self.c2))
    #expect(value["before"]?["label"] == .string(Self.c2))
    #expect(value["before"]?["capturedAt"] == "2026-11-20T02:00:00Z")
    #expect(value["capture"]?["label"] == .string(Self.c3))
  }
}
