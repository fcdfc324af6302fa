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

  /// Creates a report.
  public init(toolVersion: String, captureLabel: String?, capturedAt: String?, analysis: Analysis) {
    self.toolVersion = toolVersion
    self.captureLabel = captureLabel
    self.capturedAt = capturedAt
    self.analysis = analysis
  }

  /// The report schema version (design.md).
  public static let schemaVersion = 1
}
