public import DriftbackSyntax

/// A report: the analysis plus what the renderers need to say about the run.
public struct DriftReport: Sendable {
  /// The tool's version.
  public var toolVersion: String
  /// The capture's label (its folder name), when known.
  public var captureLabel: String?
  /// When the capture was taken, as the capture says (never the wall clock).
  public var capturedAt: String?
  /// The analysis.
  public var analysis: Analysis
  /// When each capture the findings name (`firstSeen`, `lastSeen`) was taken, by label: a finding's age is
  /// measured from its first capture to this report's capture, never against the wall clock. A label
  /// missing here is read as a date-time when it is one (capture folders are named by their date-time).
  public var captureTimes: [String: String]
  /// For post-deploy verification: the label of the capture taken before the deploy (this report's
  /// capture is the one taken after it). `nil` for a report.
  public var beforeLabel: String?
  /// The proposed back-port of each finding that has one, as a unified diff with `a/` and `b/` paths relative
  /// to the working directory, by finding id (planned and verified one finding at a time; secrets never
  /// appear). Empty unless a renderer that shows diffs was asked for.
  public var backportDiffs: [String: String] = [:]
  /// When the report was made, only when the user gave it (`--now`): renderers never read the wall clock.
  public var generatedAt: String? = nil

  /// Creates a report.
  /// - Parameters:
  ///   - toolVersion: the tool's version.
  ///   - captureLabel: the (newest) capture's label.
  ///   - capturedAt: when it was taken.
  ///   - analysis: the analysis (with ``CaptureHistory`` or ``PostDeployVerification`` applied, when there
  ///     are earlier captures).
  ///   - captureTimes: `capturedAt` of every capture by label, for ages.
  ///   - beforeLabel: for `verify`, the capture taken before the deploy.
  public init(
    toolVersion: String, captureLabel: String?, capturedAt: String?, analysis: Analysis,
    captureTimes: [String: String] = [:], beforeLabel: String? = nil
  ) {
    self.toolVersion = toolVersion
    self.captureLabel = captureLabel
    self.capturedAt = capturedAt
    self.analysis = analysis
    self.captureTimes = captureTimes
    self.beforeLabel = beforeLabel
  }

  /// How many findings each capture had, oldest first, ending with this report's capture: the history's
  /// timeline when there is one, else this capture alone.
  public var trend: [CaptureTrendPoint] {
    if !analysis.timeline.isEmpty { return analysis.timeline }
    return [
      CaptureTrendPoint(label: captureLabel ?? "capture", capturedAt: capturedAt, findings: analysis.findings)
    ]
  }

  /// The report schema version (design.md).
  public static let schemaVersion = 1

  /// How long before this report's capture the capture `label` was taken (`3 h`, `1 day`), or `nil` when
  /// either time is unknown.
  public func age(of label: String) -> String? {
    let now = capturedAt ?? captureLabel.flatMap { captureTimes[$0] ?? $0 }
    return CaptureTime.age(since: captureTimes[label] ?? label, now: now)
  }
}
