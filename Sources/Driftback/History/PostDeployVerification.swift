/// Post-deploy verification: the capture taken before a deploy against the one taken after it.
public enum PostDeployVerification {
  /// What the deploy did: the after-capture's runtime patches, missing and unmanaged resources as they are
  /// (they did not converge on the IaC), plus a `regression` for every runtime patch of the before-capture
  /// that the deploy lost with the live value back at the IaC value (as ``CaptureHistory/apply(newest:earlier:)``
  /// finds them). A lost patch that weakened security is resolved, not a regression. Findings that were
  /// there before the deploy keep the before-capture as `firstSeen`.
  /// - Parameters:
  ///   - before: the capture taken before the deploy.
  ///   - after: the capture taken after it.
  /// - Returns: the after-capture's analysis, findings sorted and counted as for a report.
  public static func verify(before: CaptureAnalysis, after: CaptureAnalysis) -> Analysis {
    CaptureHistory.apply(newest: after, earlier: [before])
  }

  /// Whether a verification failed: a regression, or a resource that did not converge (a runtime patch,
  /// missing or unmanaged finding). Suppressed findings never count; resolved ones are good news.
  /// The CLI exits with 1 when this is true, else 0.
  public static func hasProblems(_ analysis: Analysis) -> Bool {
    !regressions(analysis).isEmpty || !unconverged(analysis).isEmpty
  }

  /// The runtime patches the deploy lost.
  public static func regressions(_ analysis: Analysis) -> [Finding] {
    analysis.activeFindings.filter { $0.kind == .regression }
  }

  /// The findings of resources that still differ from the IaC after the deploy.
  public static func unconverged(_ analysis: Analysis) -> [Finding] {
    // A secret written in the source is not a resource that failed to converge.
    analysis.activeFindings.filter { $0.kind != .regression && $0.kind != .secretInIaC }
  }
}
