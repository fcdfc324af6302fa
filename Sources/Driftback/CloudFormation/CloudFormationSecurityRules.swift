/// The security rules for CloudFormation's spelling of the AWS resources where security drift lives. The
/// rule ids are the ones the Terraform spelling uses, so one id means one control whatever the IaC.
enum CloudFormationSecurityRules {
  /// Ports that must never be open to the world: SSH, RDP, and the common databases.
  static let adminPorts: Set<Int> = [22, 3389, 3306, 5432, 1433, 1521, 27017, 6379, 9200, 5984, 11211]

  static func assess(_ change: Change, type: String) -> SecurityAssessment? {
    guard case .key(let property)? = change.path.segments.first else { return nil }
    switch (type, property) {
    case ("AWS::EC2::SecurityGroup", "SecurityGroupIngress"):
      return ingress(change)
    case ("AWS::EC2::SecurityGroupIngress", _):
      return nil
    case ("AWS::S3::Bucket", "PublicAccessBlockConfiguration"):
      return publicAccessBlock(change)
    case ("AWS::S3::Bucket", "VersioningConfiguration"):
      let iac = change.iac.flatMap(status) ?? "Suspended"
      let live = change.live.flatMap(status) ?? "Suspended"
      guard iac != live else { return nil }
      return SecurityAssessment(
        rule: "AWS-S3-VERSIONING", direction: live == "Enabled" ? .strengthens : .weakens, severity: .medium,
        summary:
          "versioning keeps overwritten and deleted objects recoverable (AWS Foundational Security Best Practices S3.14)"
      )
    case ("AWS::S3::Bucket", "BucketEncryption"):
      let iac = algorithm(change.iac) ?? "AES256"
      let live = algorithm(change.live) ?? "AES256"
      guard iac != live else { return nil }
      let strength = ["AES256": 1, "aws:kms": 2, "aws:kms:dsse": 3]
      let up = (strength[live] ?? 0) > (strength[iac] ?? 0)
      return SecurityAssessment(
        rule: "AWS-S3-ENCRYPTION", direction: up ? .strengthens : .weakens, severity: .medium,
        summary:
          "default encryption with a customer-managed KMS key gives control over who can read the data (CIS AWS 2.1.1)")
    case ("AWS::IAM::Role", "ManagedPolicyArns"), ("AWS::IAM::Role", "Policies"):
      return rolePolicies(change)
    default:
      return nil
    }
  }

  /// An inbound rule from the world (0.0.0.0/0, ::/0): added weakens, removed strengthens. Rules from a
  /// private range or another group are configuration, not a security finding.
  static func ingress(_ change: Change) -> SecurityAssessment? {
    let rule = change.live ?? change.iac
    guard let rule, rule["CidrIp"]?.string == "0.0.0.0/0" || rule["CidrIpv6"]?.string == "::/0" else {
      return nil
    }
    let from = rule["FromPort"]?.scalarText.flatMap(Number.init(parsing:))?.integer ?? -1
    let to = rule["ToPort"]?.scalarText.flatMap(Number.init(parsing:))?.integer ?? 65535
    let allPorts = rule["IpProtocol"]?.string == "-1" || (from <= 0 && to >= 65535)
    let admin = allPorts || adminPorts.contains { from <= $0 && $0 <= to }
    let summary =
      admin
      ? "an admin or database port open to the whole internet is the classic way in (CIS AWS 5.2, 5.3)"
      : "an inbound rule from the whole internet exposes the service to everyone"
    let direction: SecurityAssessment.Direction
    switch change.kind {
    case .added: direction = .weakens
    case .removed: direction = .strengthens
    case .changed: direction = .relevant
    }
    return SecurityAssessment(
      rule: "AWS-SG-OPEN-INGRESS", direction: direction, severity: admin ? .critical : .high, summary: summary)
  }

  /// Block Public Access settings: a setting turned on strengthens, turned off weakens.
  static func publicAccessBlock(_ change: Change) -> SecurityAssessment? {
    let keys = ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"]
    func settings(_ value: Value?, default flag: Bool) -> [Bool] {
      guard let value else { return keys.map { _ in flag } }
      if let bool = value.bool { return [bool] }
      if let text = value.string { return [text.lowercased() == "true"] }
      return keys.map { key in
        guard let setting = value[key] else { return false }
        return setting.bool ?? (setting.string?.lowercased() == "true")
      }
    }
    // A template that is silent means AWS's default: all on.
    let iac = settings(change.iac, default: change.path.segments.count == 1)
    let live = settings(change.live, default: false)
    let on = { (flags: [Bool]) in flags.filter { $0 }.count }
    guard on(iac) != on(live) || iac != live else { return nil }
    return SecurityAssessment(
      rule: "AWS-S3-PUBLIC-ACCESS-BLOCK", direction: on(live) >= on(iac) ? .strengthens : .weakens,
      severity: .high,
      summary: "S3 Block Public Access stops buckets and objects from being made public (CIS AWS 2.1.4)")
  }

  /// Policies on a role: an added administrator policy or a `*` action widens it.
  static func rolePolicies(_ change: Change) -> SecurityAssessment? {
    func broad(_ value: Value?) -> Bool {
      guard let value else { return false }
      let text = JSONWriter.compact(value, sortKeys: true)
      return text.contains("AdministratorAccess") || text.contains("FullAccess") || text.contains("\"*\"")
        || text.contains("\":*\"") || text.contains("iam:PassRole")
    }
    let added = broad(change.live) && !broad(change.iac)
    let removed = broad(change.iac) && !broad(change.live)
    guard added || removed else { return nil }
    return SecurityAssessment(
      rule: "AWS-IAM-POLICY-WIDENING", direction: added ? .weakens : .strengthens, severity: .critical,
      summary:
        "administrator or wildcard permissions on a role give whoever runs as it the whole account (CIS AWS 1.16)")
  }

  static func status(_ value: Value) -> String? {
    value.string ?? value["Status"]?.string
  }

  static func algorithm(_ value: Value?) -> String? {
    guard let value else { return nil }
    if let text = value.string { return text }
    let rules = value["ServerSideEncryptionConfiguration"]?.list ?? value.list ?? [value]
    for rule in rules {
      if let text = rule["ServerSideEncryptionByDefault"]?["SSEAlgorithm"]?.string ?? rule["SSEAlgorithm"]?.string {
        return text
      }
    }
    return nil
  }
}
