import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("History: firstSeen, regressions and resolved changes over hand-built captures")
struct CaptureHistoryTests {
  typealias F = HistoryFixture

  static let c1 = "2026-11-18T02-00Z"
  static let c2 = "2026-11-19T02-00Z"
  static let c3 = "2026-11-20T02-00Z"
  static let c4 = "2026-11-21T02-00Z"

  // MARK: - firstSeen

  @Test func firstSeenIsTheStartOfTheUnbrokenRunEndingWithTheNewest() throws {
    func patch(_ label: String) throws -> Finding {
      try F.patch("spec.replicas", iac: 3, live: 5, label: label)
    }
    func image(_ label: String) throws -> Finding {
      try F.patch(
        "spec.template.spec.containers[name=web].image", iac: "nginx:1.25.3", live: "nginx:1.25.4", label: label)
    }
    func unmanaged(_ label: String) throws -> Finding {
      try F.finding(.unmanaged, F.api, "", change: .added, live: ["kind": "Deployment"], label: label)
    }
    // replicas: c1, not c2, c3, c4 → c3. image: every capture → c1. unmanaged: only the newest → c4.
    let history = CaptureHistory.apply(
      newest: F.capture(Self.c4, [try patch(Self.c4), try image(Self.c4), try unmanaged(Self.c4)]),
      earlier: [
        F.capture(Self.c1, [try patch(Self.c1), try image(Self.c1)]),
        F.capture(Self.c2, [try image(Self.c2)]),
        F.capture(Self.c3, [try patch(Self.c3), try image(Self.c3)]),
      ])
    #expect(
      F.lines(history.findings) == [
        "unmanaged  first=\(Self.c4) last=-",
        "runtime-patch spec.replicas first=\(Self.c3) last=-",
        "runtime-patch spec.template.spec.containers[name=web].image first=\(Self.c1) last=-",
      ])
    #expect(history.summary.regressions == 0)
    #expect(history.resolved.isEmpty)
  }

  @Test func withoutEarlierCapturesEveryFindingIsNew() throws {
    let history = CaptureHistory.apply(
      newest: F.capture(Self.c4, [try F.patch("spec.replicas", iac: 3, live: 5, label: "other")]), earlier: [])
    #expect(F.lines(history.findings) == ["runtime-patch spec.replicas first=\(Self.c4) last=-"])
  }

  @Test func aCaptureWithErrorsNeitherBreaksNorStartsARun() throws {
    var broken = F.capture(Self.c3, [])
    broken.analysis.diagnostics = [Diagnostic(.error, "capture file does not parse", file: "c3/shop.yaml")]
    let history = CaptureHistory.apply(
      newest: F.capture(Self.c4, [try F.patch("spec.replicas", iac: 3, live: 5, label: Self.c4)]),
      earlier: [F.capture(Self.c2, [try F.patch("spec.replicas", iac: 3, live: 5, label: Self.c2)]), broken])
    #expect(F.lines(history.findings) == ["runtime-patch spec.replicas first=\(Self.c2) last=-"])
  }

  // MARK: - Regressions

  @Test func aPatchLostByTheNewestCaptureIsARegression() throws {
    func patch(_ label: String) throws -> Finding { try F.patch("spec.replicas", iac: 3, live: 5, label: label) }
    let newestOther = try F.finding(.unmanaged, F.api, "", change: .added, live: [:], label: Self.c3)
    let history = CaptureHistory.apply(
      newest: F.capture(Self.c3, [newestOther]),
      earlier: [F.capture(Self.c1, [try patch(Self.c1)]), F.capture(Self.c2, [try patch(Self.c2)])])

    let regression = try #require(history.findings.first { $0.kind == .regression })
    #expect(
      regression.id == Finding.makeID(kind: .regression, resource: F.web, path: try ValuePath(parsing: "spec.replicas"))
    )
    #expect(regression.id != (try patch(Self.c2)).id)
    #expect(regression.resource == F.web)
    #expect(regression.path.description == "spec.replicas")
    #expect(regression.change == .changed)
    #expect(regression.iac == 3)
    #expect(regression.live == 5)
    #expect(regression.firstSeen == Self.c1)
    #expect(regression.lastSeen == Self.c2)
    #expect(regression.action == .backport)
    #expect(regression.severity == .low)
    #expect(regression.security == nil)
    #expect(regression.source?.location?.line == 7)
    #expect(regression.backport.possible)
    #expect(
      regression.backport.reason == "back-port of the value last seen in \(Self.c2): set the value at iac/web.yaml:7:12"
    )
    #expect(history.summary.regressions == 1)
    #expect(history.summary.findings == 2)
    #expect(history.findings.map(\.kind) == [.unmanaged, .regression], "sorted by resource: api before web")

    let origin = try #require(history.regressionOrigins[regression.id])
    #expect(origin.capture == Self.c2)
    #expect(origin.findingID == (try patch(Self.c2)).id)
    #expect(origin.analysis.findings.map(\.id) == [(try patch(Self.c2)).id])
  }

  @Test func theMostRecentCaptureThatHadThePatchIsLastSeenAndEachPatchCountsOnce() throws {
    // Patched in c1 (5) and c2 (6), gone in c3 and in the newest c4: one regression, value of c2.
    let history = CaptureHistory.apply(
      newest: F.capture(Self.c4, []),
      earlier: [
        F.capture(Self.c1, [try F.patch("spec.replicas", iac: 3, live: 5, label: Self.c1)]),
        F.capture(Self.c2, [try F.patch("spec.replicas", iac: 3, live: 6, label: Self.c2)]),
        F.capture(Self.c3, []),
      ])
    #expect(F.lines(history.findings) == ["regression spec.replicas first=\(Self.c1) last=\(Self.c2)"])
    #expect(history.findings[0].live == 6)
    #expect(history.summary.regressions == 1)
  }

  @Test func onlyCapturesJudgedByTheSourceOfTheirTimeShowLostPatches() throws {
    // Judged against today's IaC, the "patch" of c3 (3 against today's 5) may be the value the source had
    // before a back-port changed it: no regression, but firstSeen still walks the captures.
    let unknown = CaptureHistory.apply(
      newest: F.capture(Self.c4, [try F.patch("spec.replicas", iac: 5, live: 7, label: Self.c4)], revision: nil),
      earlier: [
        F.capture(Self.c1, [], revision: nil),
        F.capture(Self.c2, [try F.patch("spec.replicas", iac: 5, live: 3, label: Self.c2)], revision: nil),
        F.capture(Self.c3, [try F.patch("spec.replicas", iac: 5, live: 3, label: Self.c3)], revision: nil),
      ])
    #expect(F.lines(unknown.findings) == ["runtime-patch spec.replicas first=\(Self.c2) last=-"])
    let lost = CaptureHistory.apply(
      newest: F.capture(Self.c4, [], revision: nil),
      earlier: [
        F.capture(Self.c1, [], revision: nil),
        F.capture(Self.c2, [try F.patch("spec.replicas", iac: 3, live: 5, label: Self.c2)], revision: nil),
        F.capture(Self.c3, [try F.patch("spec.replicas", iac: 3, live: 5, label: Self.c3)], revision: "abc1234"),
      ])
    #expect(F.lines(lost.findings) == ["regression spec.replicas first=\(Self.c2) last=\(Self.c3)"])
  }

  @Test func aPatchThatCameBackIsNoRegressionAndKeepsItsRunStart() throws {
    // c1 patched, c2 lost it, c3 and c4 patched again: the newest has it, so nothing was lost now.
    let history = CaptureHistory.apply(
      newest: F.capture(Self.c4, [try F.patch("spec.replicas", iac: 3, live: 5, label: Self.c4)]),
      earlier: [
        F.capture(Self.c1, [try F.patch("spec.replicas", iac: 3, live: 5, label: Self.c1)]),
        F.capture(Self.c2, []),
        F.capture(Self.c3, [try F.patch("spec.replicas", iac: 3, live: 5, label: Self.c3)]),
      ])
    #expect(F.lines(history.findings) == ["runtime-patch spec.replicas first=\(Self.c3) last=-"])
    #expect(history.summary.regressions == 0)
  }

  @Test func aLostWeakeningIsResolvedNotARegression() throws {
    let path = "spec.template.spec.containers[name=web].securityContext.privileged"
    func privileged(_ label: String) throws -> Finding {
      try F.patch(path, change: .added, live: true, weakens: "K8S-PRIVILEGED", label: label)
    }
    let history = CaptureHistory.apply(
      newest: F.capture(Self.c3, []),
      earlier: [F.capture(Self.c1, [try privileged(Self.c1)]), F.capture(Self.c2, [try privileged(Self.c2)])])
    #expect(history.findings.isEmpty)
    #expect(history.summary.regressions == 0)
    #expect(history.summary.findings == 0)
    #expect(history.regressionOrigins.isEmpty)
    #expect(F.lines(history.resolved) == ["runtime-patch \(path) first=\(Self.c1) last=\(Self.c2)"])
    #expect(history.resolved[0].security?.rule == "K8S-PRIVILEGED")
  }

  // MARK: - Not regressions

  @Test func aResourceMissingNowIsNoRegression() throws {
    let missing = try F.finding(.missing, F.web, "", change: .removed, iac: [:], label: Self.c3)
    let history = CaptureHistory.apply(
      newest: F.capture(Self.c3, [missing]),
      earlier: [F.capture(Self.c2, [try F.patch("spec.replicas", iac: 3, live: 5, label: Self.c2)])])
    #expect(F.lines(history.findings) == ["missing  first=\(Self.c3) last=-"])
    #expect(history.summary.regressions == 0)
  }

  @Test func aResourceNoLongerDeclaredIsNoRegression() throws {
    let unmanaged = try F.finding(.unmanaged, F.web, "", change: .added, live: [:], label: Self.c3)
    let history = CaptureHistory.apply(
      newest: F.capture(Self.c3, [unmanaged], resources: [:]),
      earlier: [F.capture(Self.c2, [try F.patch("spec.replicas", iac: 3, live: 5, label: Self.c2)])])
    #expect(history.findings.map(\.kind) == [.unmanaged])
    #expect(history.summary.regressions == 0)
  }

  @Test func aChangeAboveOrBelowThePathIsNoRegression() throws {
    let container = "spec.template.spec.containers[name=web]"
    let earlier = [
      F.capture(Self.c2, [try F.patch("\(container).image", iac: "nginx:1.25.3", live: "nginx:1.25.4", label: Self.c2)])
    ]
    // Above: the whole container is gone live.
    let above = CaptureHistory.apply(
      newest: F.capture(Self.c3, [try F.patch(container, change: .removed, iac: [:], label: Self.c3)]),
      earlier: earlier)
    #expect(above.summary.regressions == 0)
    // Below: the patch was on the container, and part of the container still differs.
    let below = CaptureHistory.apply(
      newest: F.capture(Self.c3, [try F.patch("\(container).image.tag", iac: "a", live: "b", label: Self.c3)]),
      earlier: [F.capture(Self.c2, [try F.patch("\(container).image", change: .added, live: "x", label: Self.c2)])])
    #expect(below.summary.regressions == 0)
  }

  @Test func aPatchTheIaCTookOverIsNoRegression() throws {
    // Between the captures the IaC was given the patched value (a back-port): live and IaC agree at 5.
    var backported = F.iacValue
    backported = ["spec": ["replicas": 5, "template": backported["spec"]?["template"] ?? [:]]]
    let history = CaptureHistory.apply(
      newest: F.capture(Self.c3, [], resources: [F.web: backported]),
      earlier: [F.capture(Self.c2, [try F.patch("spec.replicas", iac: 3, live: 5, label: Self.c2)])])
    #expect(history.findings.isEmpty)
    #expect(history.summary.regressions == 0)
  }

  @Test func anAddedPatchIsLostWhenTheKeyIsGoneOnBothSides() throws {
    let path = "spec.template.spec.containers[name=web].resources.limits.memory"
    let history = CaptureHistory.apply(
      newest: F.capture(Self.c3, []),
      earlier: [F.capture(Self.c2, [try F.patch(path, change: .added, live: "512Mi", label: Self.c2)])])
    #expect(F.lines(history.findings) == ["regression \(path) first=\(Self.c2) last=\(Self.c2)"])
    #expect(history.findings[0].change == .added)
    #expect(history.findings[0].iac == nil)
  }

  // MARK: - Merging

  @Test func mergingKeepsResolvedAndOrigins() throws {
    let path = "spec.template.spec.containers[name=web].securityContext.privileged"
    let regressed = CaptureHistory.apply(
      newest: F.capture(Self.c3, []),
      earlier: [F.capture(Self.c2, [try F.patch("spec.replicas", iac: 3, live: 5, label: Self.c2)])])
    let resolved = CaptureHistory.apply(
      newest: F.capture(Self.c3, [], resources: [F.api: F.iacValue]),
      earlier: [
        F.capture(
          Self.c2,
          [try F.patch(path, on: F.api, change: .added, live: true, weakens: "K8S-PRIVILEGED", label: Self.c2)],
          resources: [F.api: F.iacValue])
      ])
    let merged = regressed.merging(resolved)
    #expect(merged.summary.regressions == 1)
    #expect(merged.resolved.map(\.resource) == [F.api])
    #expect(Set(merged.regressionOrigins.keys) == Set(regressed.regressionOrigins.keys))
  }
}
