/// An AWS control held by top-level boolean attributes, where one value is the safe one
/// (`storage_encrypted = true`, `PubliclyAccessible: false`).
struct AWSBooleanControlRule: AWSSecurityRule {
  let id: String
  let severity: Finding.Severity
  let summary: String
  let covers: [String: Set<String>]
  /// The safe value.
  let safeValue: Bool
  /// The attributes whose absence means the safe value (the provider's or the service's default).
  let absentIsSafe: Set<String>

  func assess(_ change: Change, type: String) -> SecurityAssessment? {
    guard let keys = covers[type] else { return nil }
    let touched: [String]
    if case .key(let key)? = change.path.segments.first {
      // Deeper paths are not booleans of this control.
      guard change.path.segments.count == 1, keys.contains(key) else { return nil }
      touched = [key]
    } else {
      touched = keys.sorted()
    }
    var weakens = false
    var strengthens = false
    for key in touched {
      // A side without the attribute holds the default; a side that is not a literal is not judged.
      guard let iac = safe(value(change.iac, key: key, whole: change.path.isRoot), key: key),
        let live = safe(value(change.live, key: key, whole: change.path.isRoot), key: key)
      else { continue }
      if iac && !live { weakens = true }
      if live && !iac { strengthens = true }
    }
    if weakens { return assessment(.weakens) }
    return strengthens ? assessment(.strengthens) : nil
  }
}

extension AWSBooleanControlRule {
  fileprivate func value(_ side: Value?, key: String, whole: Bool) -> Value? {
    whole ? side?[key] : side
  }

  /// Whether a side holds the safe value; templates may spell booleans as strings.
  fileprivate func safe(_ value: Value?, key: String) -> Bool? {
    guard let value, !value.isNull else { return absentIsSafe.contains(key) }
    return (value.bool ?? value.scalarText.flatMap { Bool($0.lowercased()) }).map { $0 == safeValue }
  }
}
