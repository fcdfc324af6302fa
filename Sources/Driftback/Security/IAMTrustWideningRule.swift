/// Role trust policies: a principal allowed to assume the role at runtime that the IaC does not name
/// (everyone, another account, another service) weakens; one removed strengthens.
struct IAMTrustWideningRule: AWSSecurityRule {
  let id = "AWS-IAM-TRUST-WIDENING"
  let severity = Finding.Severity.critical
  let summary =
    "a trust policy that admits everyone or another account lets outsiders assume the role (IAM Access Analyzer: external access)"

  let covers: [String: Set<String>] = [
    "aws_iam_role": ["assume_role_policy"],
    "AWS::IAM::Role": ["AssumeRolePolicyDocument"],
  ]

  func assess(_ change: Change, type: String) -> SecurityAssessment? {
    let iac = principals(change.iac, path: change.path)
    let live = principals(change.live, path: change.path)
    if !live.subtracting(iac).isEmpty { return assessment(.weakens) }
    if !iac.subtracting(live).isEmpty { return assessment(.strengthens) }
    return nil
  }

  /// The principals `Allow` statements admit, as `AWS:arn:aws:iam::123456789012:root`, `AWS:*`,
  /// `Service:ec2.amazonaws.com`. A change inside a `Principal` is read as that principal.
  func principals(_ value: Value?, path: ValuePath) -> Set<String> {
    let statements = IAMPolicyStatements.statements(in: value)
    if statements.isEmpty, let value, let index = path.segments.firstIndex(of: .key("Principal")) {
      let rest = path.segments[(index + 1)...]
      if case .key(let kind)? = rest.first { return Self.principals(kind: kind, value) }
      return Self.principals(value)
    }
    var found = Set<String>()
    for statement in statements where IAMPolicyStatements.allows(statement) {
      if let principal = statement["Principal"] { found.formUnion(Self.principals(principal)) }
    }
    return found
  }

  /// A `Principal` value: `"*"` or a map from kind to one value or a list.
  static func principals(_ principal: Value) -> Set<String> {
    if principal.string == "*" { return ["AWS:*"] }
    var found = Set<String>()
    for entry in principal.map?.entries ?? [] { found.formUnion(principals(kind: entry.key, entry.value)) }
    return found
  }

  static func principals(kind: String, _ value: Value) -> Set<String> {
    Set(
      IAMPolicyStatements.strings(value).map { text in
        // A bare account id is the account's root, as IAM stores it.
        let name = text.count == 12 && text.allSatisfy(\.isNumber) ? "arn:aws:iam::\(text):root" : text
        return "\(kind):\(name)"
      })
  }
}
