public import DriftbackSyntax

/// One reported difference between source and the running system, with its judgement.
public struct Finding: Sendable {
  /// The finding kinds of design.md.
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    /// Live differs from IaC.
    case runtimePatch = "runtime-patch"
    /// A runtime patch seen earlier is gone and live is back at the IaC value.
    case regression
    /// Live only.
    case unmanaged
    /// IaC only.
    case missing
    /// A credential written literally in the IaC itself.
    case secretInIaC = "secret-in-iac"
  }

  /// What to do about a finding.
  public enum Action: String, Sendable, Hashable, CaseIterable {
    /// Carry the live value into the IaC.
    case backport
    /// The runtime change weakens security: redeploy the source.
    case revert
    /// No safe automatic answer: a person decides.
    case review
  }

  /// How much a finding matters.
  public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
    case critical, high, medium, low, info

    private var rank: Int {
      switch self {
      case .critical: 0
      case .high: 1
      case .medium: 2
      case .low: 3
      case .info: 4
      }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
  }

  /// Whether an automatic back-port is possible, and why (not).
  public struct BackportAvailability: Sendable, Hashable {
    /// Whether the tool can write the edit.
    public var possible: Bool
    /// Why, in one sentence.
    public var reason: String
  }

  /// Stable id: the same finding gets the same id in every run.
  public var id: String
  /// The kind.
  public var kind: Kind
  /// The resource's address (which carries the ecosystem).
  public var resource: ResourceAddress
  /// Where in the resource (root for whole-resource findings).
  public var path: ValuePath
  /// The change, seen from the IaC.
  public var change: Change.Kind
  /// The IaC value, redacted where secret.
  public var iac: Value?
  /// The live value, redacted where secret.
  public var live: Value?
  /// Where the value (or its nearest written parent) is in the IaC.
  public var source: Provenance?
  /// How much it matters.
  public var severity: Severity
  /// The security judgement, when a security rule covers the value.
  public var security: SecurityAssessment?
  /// What to do.
  public var action: Action
  /// Whether the back-port can be written.
  public var backport: BackportAvailability
  /// The capture where the finding first appeared, when known.
  public var firstSeen: String?
  /// Whether a secret value is involved (values are then redacted).
  public var involvesSecret: Bool
  /// For a regression (and a resolved runtime change): the last capture that still had the runtime patch.
  public var lastSeen: String? = nil
  /// The ignore rule that accepts this finding, when one does: the finding is still reported, but never
  /// counts for the exit code and is never back-ported.
  public var suppressedBy: Suppression? = nil

  /// The ecosystem.
  public var ecosystem: Ecosystem { resource.ecosystem }

  /// The stable id of a finding: the first 12 hex digits of SHA-256 over ecosystem, resource, path and kind.
  public static func makeID(kind: Kind, resource: ResourceAddress, path: ValuePath) -> String {
    let key = "\(resource.ecosystem.rawValue)\n\(resource.text)\n\(path.description)\n\(kind.rawValue)"
    return String(SHA256.hex(SHA256.hash(Array(key.utf8))).prefix(12))
  }
}

/// What a security rule says about a runtime change.
public struct SecurityAssessment: Sendable, Hashable {
  /// Which way the runtime change cuts.
  public enum Direction: String, Sendable, Hashable {
    /// The live value is safer than the IaC: keep it (back-port). Written `hardening`.
    case strengthens = "hardening"
    /// The live value is less safe than the IaC: revert it. Written `weakening`.
    case weakens = "weakening"
    /// Security-relevant, but neither clearly safer nor weaker: a person decides. Written `unclear`.
    case relevant = "unclear"
  }

  /// The rule's stable id (`K8S-PRIVILEGED`).
  public var rule: String
  /// Which way it cuts.
  public var direction: Direction
  /// The severity the rule gives.
  public var severity: Finding.Severity
  /// One line saying why it matters.
  public var summary: String
}
