/// A security rule: which values it covers, which direction is safer, how severe a weakening is.
/// One rule per file, stable ids (reused as SARIF rule ids).
public protocol SecurityRule: Sendable {
  /// Stable id (`K8S-PRIVILEGED`).
  var id: String { get }
  /// Severity of a weakening.
  var severity: Finding.Severity { get }
  /// One line: why it matters, with a reference.
  var summary: String { get }
  /// Judges a change of a resource of `kind`; `nil` when the rule does not cover it.
  func assess(_ change: Change, kind: String) -> SecurityAssessment.Direction?
}

extension SecurityRule {
  /// The assessment for a direction.
  func assessment(_ direction: SecurityAssessment.Direction) -> SecurityAssessment {
    // A hardening that lives only at runtime is lost on the next deploy: it matters as much as the
    // weakness it closes.
    SecurityAssessment(
      rule: id, direction: direction, severity: direction == .relevant ? .medium : severity,
      summary: summary)
  }
}

/// Helpers to read the effective values a change sets for a field, whether the change is at the field
/// itself or is a whole subtree that contains it.
enum SecurityField {
  /// The values of every occurrence of `suffix` (a key chain) at or under the change, on the IaC and on
  /// the live side. A change at a deeper path than the suffix does not count.
  static func values(_ change: Change, suffix: [String]) -> (iac: [Value], live: [Value])? {
    let keys = change.path.segments.compactMap { segment -> String? in
      if case .key(let key) = segment { return key }
      return nil
    }
    if keys.count >= suffix.count, Array(keys.suffix(suffix.count)) == suffix,
      case .key = change.path.segments.last
    {
      return (change.iac.map { [$0] } ?? [], change.live.map { [$0] } ?? [])
    }
    // The change may be a subtree containing the field (an added container, securityContext, volume).
    for split in stride(from: suffix.count - 1, through: 1, by: -1) {
      let head = Array(suffix.prefix(split))
      if keys.count >= head.count, Array(keys.suffix(head.count)) == head, case .key = change.path.segments.last {
        let rest = Array(suffix.dropFirst(split))
        return (change.iac?.all(at: rest) ?? [], change.live?.all(at: rest) ?? [])
      }
    }
    let iac = change.iac?.all(endingWith: suffix) ?? []
    let live = change.live?.all(endingWith: suffix) ?? []
    if iac.isEmpty && live.isEmpty { return nil }
    return (iac, live)
  }
}

extension Value {
  /// Values reached by following `keys` from here, descending through lists.
  func all(at keys: [String]) -> [Value] {
    guard let first = keys.first else { return [self] }
    switch kind {
    case .map(let map): return map[first].map { $0.all(at: Array(keys.dropFirst())) } ?? []
    case .list(let items): return items.flatMap { $0.all(at: keys) }
    default: return []
    }
  }

  /// Values anywhere below whose key path ends with `suffix`.
  func all(endingWith suffix: [String]) -> [Value] {
    var found: [Value] = []
    collect(suffix, into: &found)
    return found
  }

  private func collect(_ suffix: [String], into found: inout [Value]) {
    switch kind {
    case .map(let map):
      if let first = suffix.first, map[first] != nil { found.append(contentsOf: all(at: suffix)) }
      for entry in map.entries { entry.value.collect(suffix, into: &found) }
    case .list(let items):
      for item in items { item.collect(suffix, into: &found) }
    default:
      break
    }
  }
}

/// A rule on a boolean field where one value is the risky one.
struct BooleanControlRule: SecurityRule {
  let id: String
  let severity: Finding.Severity
  let summary: String
  /// The key chain (`securityContext`, `privileged`).
  let field: [String]
  /// The risky value.
  let riskyValue: Bool
  /// What an absent field means.
  let absentMeans: Bool
  /// The kinds covered; empty for every kind.
  let kinds: Set<String>

  func assess(_ change: Change, kind: String) -> SecurityAssessment.Direction? {
    guard kinds.isEmpty || kinds.contains(kind), let (iac, live) = SecurityField.values(change, suffix: field) else {
      return nil
    }
    let iacRisky = iac.isEmpty ? absentMeans == riskyValue : iac.contains { ($0.bool ?? absentMeans) == riskyValue }
    let liveRisky = live.isEmpty ? absentMeans == riskyValue : live.contains { ($0.bool ?? absentMeans) == riskyValue }
    if liveRisky && !iacRisky { return .weakens }
    if iacRisky && !liveRisky { return .strengthens }
    return nil
  }
}
