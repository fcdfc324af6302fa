public import DriftbackSyntax

/// The result of comparing IaC with a capture.
public struct Analysis: Sendable {
  /// The counts of design.md's report summary.
  public struct Summary: Sendable, Hashable {
    public var resources = 0
    public var inSync = 0
    public var drifted = 0
    public var unmanaged = 0
    public var missing = 0
    public var findings = 0
    public var regressions = 0
    public var suppressed = 0

    /// Creates an empty summary.
    public init() {}
  }

  /// The findings, sorted by resource, path and kind.
  public var findings: [Finding] = []
  /// Problems and notes about the input.
  public var diagnostics: [Diagnostic]
  /// The counts.
  public var summary = Summary()
  /// Every IaC resource by address (for back-ports).
  public var iacResources: [ResourceAddress: Resource] = [:]
  /// The raw live objects of drifted and unmanaged resources (for back-ports and verification).
  public var liveObjects: [ResourceAddress: Value] = [:]
  /// The unredacted changes of each drifted resource (for planning and verifying edits).
  public var changes: [ResourceAddress: [Change]] = [:]

  /// Creates an analysis.
  public init(diagnostics: [Diagnostic] = []) {
    self.diagnostics = diagnostics
  }

  /// Whether any input was malformed.
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// Findings that count for the exit code.
  public var activeFindings: [Finding] { findings }
}
