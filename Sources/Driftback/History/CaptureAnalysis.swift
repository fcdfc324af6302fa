/// One capture and the result of comparing the IaC with it: the unit ``CaptureHistory`` and
/// ``PostDeployVerification`` work on.
public struct CaptureAnalysis: Sendable {
  /// The capture's label (its folder name), which findings name in `firstSeen` and `lastSeen`.
  public var label: String
  /// When the capture was taken, as its `capture.json` says (never the wall clock).
  public var capturedAt: String?
  /// Why it was taken (`scheduled`, `pre-deploy`, `post-deploy`), when known.
  public var event: String?
  /// The comparison of the IaC with this capture alone.
  public var analysis: Analysis
  /// The IaC revision the capture was judged against (its `iacRevision`, read through git), or `nil` when it
  /// was judged against the IaC as it is now.
  public var iacRevision: String?

  /// Creates a capture analysis.
  public init(
    label: String, capturedAt: String? = nil, event: String? = nil, analysis: Analysis, iacRevision: String? = nil
  ) {
    self.label = label
    self.capturedAt = capturedAt
    self.event = event
    self.analysis = analysis
    self.iacRevision = iacRevision
  }
}
