public import DriftbackSyntax

/// One rule of an ignore file (`.driftbackignore.yaml`): the findings it accepts, why, who says so and until
/// when.
public struct IgnoreRule: Hashable, Sendable {
  /// The resources it covers.
  public var resource: AddressGlob
  /// The value paths it covers (and everything below them); `nil` covers the whole resource.
  public var path: PathGlob?
  /// Why the drift is accepted (never empty).
  public var reason: String
  /// Who accepted it.
  public var owner: String?
  /// The last day the rule holds, `YYYY-MM-DD`.
  public var expires: String
  /// Where the rule is written.
  public var location: SourceLocation
  /// The text of the rule's first line, for diagnostics.
  public var sourceLine: String?

  /// Creates a rule.
  public init(
    resource: AddressGlob, path: PathGlob?, reason: String, owner: String? = nil, expires: String,
    location: SourceLocation, sourceLine: String? = nil
  ) {
    self.resource = resource
    self.path = path
    self.reason = reason
    self.owner = owner
    self.expires = expires
    self.location = location
    self.sourceLine = sourceLine
  }

  /// Whether the rule covers a finding (expiry aside).
  public func matches(_ finding: Finding) -> Bool {
    resource.matches(finding.resource.text) && (path?.matches(finding.path) ?? true)
  }

  /// Whether the rule has expired on `today` (`YYYY-MM-DD`): it holds through its `expires` day.
  public func isExpired(today: String) -> Bool { expires < today }

  /// The suppression this rule gives a finding.
  public var suppression: Suppression {
    Suppression(reason: reason, owner: owner, expires: expires, location: location)
  }

  /// A diagnostic at the rule's line.
  func diagnostic(_ severity: Diagnostic.Severity, _ message: String) -> Diagnostic {
    Diagnostic(severity, message, location: location, sourceLine: sourceLine)
  }
}
