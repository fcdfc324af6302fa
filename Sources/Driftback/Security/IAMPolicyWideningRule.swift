/// Identity policies: an `Allow` statement whose action or resource is a wildcard, or an administrator or
/// full-access managed policy, added at runtime weakens; one removed strengthens.
struct IAMPolicyWideningRule: AWSSecurityRule {
  let id = "AWS-IAM-POLICY-WIDENING"
  let severity = Finding.Severity.critical
  let summary =
    "administrator or wildcard permissions on a role give whoever runs as it the whole account (CIS AWS 1.16)"

  let covers: [String: Set<String>] = [
    "aws_iam_policy": ["policy"],
    "aws_iam_role_policy": ["policy"],
    "aws_iam_user_policy": ["policy"],
    "aws_iam_group_policy": ["policy"],
    "aws_iam_role": ["inline_policy", "managed_policy_arns"],
    "aws_iam_role_policy_attachment": ["policy_arn"],
    "aws_iam_user_policy_attachment": ["policy_arn"],
    "aws_iam_group_policy_attachment": ["policy_arn"],
    "AWS::IAM::Role": ["Policies", "ManagedPolicyArns"],
    "AWS::IAM::User": ["Policies", "ManagedPolicyArns"],
    "AWS::IAM::Group": ["Policies", "ManagedPolicyArns"],
    "AWS::IAM::Policy": ["PolicyDocument"],
    "AWS::IAM::ManagedPolicy": ["PolicyDocument"],
    "AWS::IAM::RolePolicy": ["PolicyDocument"],
  ]

  func assess(_ change: Change, type: String) -> SecurityAssessment? {
    if IAMPolicyStatements.isInsideStatement(change.path), IAMPolicyStatements.statements(in: change.live).isEmpty,
      IAMPolicyStatements.statements(in: change.iac).isEmpty
    {
      // One field of a statement: a wildcard appearing in an action or resource needs a look at the
      // statement's effect, which the change does not carry.
      guard case .key(let field)? = change.path.segments.last, field == "Action" || field == "Resource"
      else { return nil }
      let iac = IAMPolicyStatements.strings(change.iac).contains(where: IAMPolicyStatements.isWildcardAction)
      let live = IAMPolicyStatements.strings(change.live).contains(where: IAMPolicyStatements.isWildcardAction)
      return live && !iac ? assessment(.relevant) : nil
    }
    let iac = broad(change.iac)
    let live = broad(change.live)
    if !live.subtracting(iac).isEmpty { return assessment(.weakens) }
    if !iac.subtracting(live).isEmpty { return assessment(.strengthens) }
    return nil
  }

  /// The broad grants under a value: wildcard `Allow` statements and administrator managed policies.
  func broad(_ value: Value?) -> Set<String> {
    var found = Set<String>()
    for statement in IAMPolicyStatements.statements(in: value) where IAMPolicyStatements.allows(statement) {
      let actions = IAMPolicyStatements.strings(statement["Action"])
      let resources = IAMPolicyStatements.strings(statement["Resource"])
      if actions.contains(where: IAMPolicyStatements.isWildcardAction) || statement["NotAction"] != nil
        || resources.contains("*")
      {
        found.insert(IAMPolicyStatements.canonical(statement))
      }
    }
    for arn in managedPolicyARNs(in: value) where Self.isAdministrator(arn) {
      found.insert(arn)
    }
    return found
  }

  static func isAdministrator(_ arn: String) -> Bool {
    let name = arn.split(separator: "/").last.map(String.init) ?? arn
    return name == "AdministratorAccess" || name == "PowerUserAccess" || name.hasSuffix("FullAccess")
  }

  /// Managed policy ARNs anywhere under the value.
  func managedPolicyARNs(in value: Value?) -> [String] {
    guard let value else { return [] }
    switch value.kind {
    case .string(let text): return text.hasPrefix("arn:") && text.contains(":policy/") ? [text] : []
    case .list(let items): return items.flatMap { managedPolicyARNs(in: $0) }
    case .map(let map): return map.entries.flatMap { managedPolicyARNs(in: $0.value) }
    default: return []
    }
  }
}
