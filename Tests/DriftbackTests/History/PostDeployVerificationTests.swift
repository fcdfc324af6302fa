import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("History: post-deploy verification")
struct PostDeployVerificationTests {
  typealias F = HistoryFixture

  static let before = "2026-11-22T09-00Z"
  static let after = "2026-11-22T09-30Z"
  static let privileged = "spec.template.spec.containers[name=web].securityContext.privileged"

  @Test func aDeployThatLostAPatchAndLeftADifferenceFails() {
    // Before: replicas patched to 5 and the container privileged. After: replicas back at 3 (lost), the
    // privileged flag gone (resolved), and a new image the deploy did not converge on.
    let verification = PostDeployVerification.verify(
      before: F.realCapture(Self.before, live: F.live(replicas: 5, privileged: true)),
      after: F.realCapture(Self.after, live: F.live(image: "nginx:1.25.4")))
    #expect(
      F.lines(verification.findings) == [
        "regression spec.replicas first=\(Self.before) last=\(Self.before)",
        "runtime-patch spec.template.spec.containers[name=web].image first=\(Self.after) last=-",
      ])
    #expect(PostDeployVerification.regressions(verification).map(\.path.description) == ["spec.replicas"])
    #expect(PostDeployVerification.unconverged(verification).map(\.kind) == [.runtimePatch])
    #expect(PostDeployVerification.hasProblems(verification))
    #expect(verification.summary.regressions == 1)
    #expect(verification.summary.findings == 2)
    #expect(verification.summary.drifted == 1)
    #expect(
      F.lines(verification.resolved) == ["runtime-patch \(Self.privileged) first=\(Self.before) last=\(Self.before)"])
  }

  @Test func aDeployThatKeptEveryPatchInSourceAndConvergedPasses() {
    // The weakening was undone by the deploy (resolved), nothing else differs.
    let verification = PostDeployVerification.verify(
      before: F.realCapture(Self.before, live: F.live(privileged: true)),
      after: F.realCapture(Self.after, live: F.live()))
    #expect(verification.findings.isEmpty)
    #expect(!PostDeployVerification.hasProblems(verification))
    #expect(verification.resolved.count == 1)
  }

  @Test func aDifferenceThatSurvivedTheDeployIsUnconvergedWithItsFirstCapture() {
    let verification = PostDeployVerification.verify(
      before: F.realCapture(Self.before, live: F.live(replicas: 5)),
      after: F.realCapture(Self.after, live: F.live(replicas: 5)))
    #expect(F.lines(verification.findings) == ["runtime-patch spec.replicas first=\(Self.before) last=-"])
    #expect(PostDeployVerification.regressions(verification).isEmpty)
    #expect(PostDeployVerification.hasProblems(verification))
  }

  @Test func aResourceTheDeployDidNotStartIsUnconverged() {
    let verification = PostDeployVerification.verify(
      before: F.realCapture(Self.before, live: F.live(replicas: 5)),
      after: F.realCapture(Self.after, live: F.live(running: false)))
    #expect(verification.findings.map(\.kind) == [.missing])
    #expect(PostDeployVerification.hasProblems(verification))
  }

  @Test func hasProblemsOnHandBuiltAnalyses() throws {
    #expect(!PostDeployVerification.hasProblems(Analysis()))
    let regression = CaptureHistory.apply(
      newest: F.capture(Self.after, []),
      earlier: [F.capture(Self.before, [try F.patch("spec.replicas", iac: 3, live: 5, label: Self.before)])])
    #expect(regression.findings.map(\.kind) == [.regression])
    #expect(PostDeployVerification.hasProblems(regression))
    let unmanaged = F.analysis([try F.finding(.unmanaged, F.api, "", change: .added, live: [:], label: Self.after)])
    #expect(PostDeployVerification.hasProblems(unmanaged))
  }
}
