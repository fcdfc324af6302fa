import DriftbackSyntax

/// Converts `aws ec2 describe-security-groups` output into `AWS::EC2::SecurityGroup` properties.
///
/// | EC2 | CloudFormation |
/// |---|---|
/// | `GroupId` | physical id (and `GroupId`) |
/// | `GroupName`, `Description`, `VpcId` | `GroupName`, `GroupDescription`, `VpcId` |
/// | `Tags` | `Tags` without `aws:` tags |
/// | `IpPermissions`, `IpPermissionsEgress` | `SecurityGroupIngress`, `SecurityGroupEgress` |
///
/// EC2 groups the sources of a rule under one permission per protocol and port range; CloudFormation
/// writes one rule per source, so every source becomes its own entry, `{IpProtocol, FromPort, ToPort,
/// <source>, Description}`:
///
/// | permission source | ingress entry | egress entry |
/// |---|---|---|
/// | `IpRanges[].CidrIp` | `CidrIp` | `CidrIp` |
/// | `Ipv6Ranges[].CidrIpv6` | `CidrIpv6` | `CidrIpv6` |
/// | `PrefixListIds[].PrefixListId` | `SourcePrefixListId` | `DestinationPrefixListId` |
/// | `UserIdGroupPairs[].GroupId` | `SourceSecurityGroupId` (+ `SourceSecurityGroupOwnerId` for another account) | `DestinationSecurityGroupId` |
///
/// All traffic (`IpProtocol` `-1`) has no ports: EC2 returns none and ignores any it is given, and the
/// templates AWS's own tools write (the CDK's `allowAllOutbound`, the default egress rule in the
/// CloudFormation documentation) leave them out. Cloud Control may spell them `-1`; the comparison ignores
/// ports for `-1` on both sides. Other protocols keep the ports EC2 returns (ICMP type and code included).
enum SecurityGroupConverter {
  /// The properties a converted group speaks for.
  static let coverage: Set<String> = [
    "GroupId", "GroupName", "GroupDescription", "VpcId", "SecurityGroupIngress", "SecurityGroupEgress", "Tags",
  ]

  static func read(_ file: CloudFormationCaptureFile, into collector: inout CloudFormationCaptureCollector) {
    guard let root = file.root else { return }
    var diagnostics: [Diagnostic] = []
    defer { collector.diagnostics += diagnostics }
    for group in file.objects(root["SecurityGroups"], named: "SecurityGroups", diagnostics: &diagnostics) {
      guard let groupId = file.requiredText(group, "GroupId", in: "a security group", diagnostics: &diagnostics)
      else { continue }
      let ownerId = CloudFormationCaptureFile.text(group["OwnerId"])
      var properties = ValueMap()
      properties["GroupId"] = .string(groupId)
      if let name = group["GroupName"] { properties["GroupName"] = name }
      if let description = group["Description"] { properties["GroupDescription"] = description }
      if let vpc = group["VpcId"] { properties["VpcId"] = vpc }
      properties["SecurityGroupIngress"] = .list(
        rules(
          group["IpPermissions"], named: "IpPermissions", isEgress: false, ownerId: ownerId, file: file,
          diagnostics: &diagnostics))
      properties["SecurityGroupEgress"] = .list(
        rules(
          group["IpPermissionsEgress"], named: "IpPermissionsEgress", isEgress: true, ownerId: ownerId,
          file: file, diagnostics: &diagnostics))
      properties["Tags"] = .list(file.objects(group["Tags"], named: "Tags", diagnostics: &diagnostics))
      var fragment = CloudFormationLiveFragment(
        type: "AWS::EC2::SecurityGroup", physicalId: groupId, origin: .describe, properties: properties,
        coverage: coverage, file: file, at: group)
      fragment.isAWSDefault = group["GroupName"]?.string == "default"
      collector.add(fragment, file: file)
    }
  }

  /// One CloudFormation rule per source of every permission.
  static func rules(
    _ permissions: Value?, named name: String, isEgress: Bool, ownerId: String?, file: CloudFormationCaptureFile,
    diagnostics: inout [Diagnostic]
  ) -> [Value] {
    var rules: [Value] = []
    for permission in file.objects(permissions, named: name, diagnostics: &diagnostics) {
      guard let ipProtocol = CloudFormationCaptureFile.text(permission["IpProtocol"]) else {
        diagnostics.append(file.diagnostic(.error, "a permission of `\(name)` without `IpProtocol`", at: permission))
        continue
      }
      var base = ValueMap()
      base["IpProtocol"] = .string(ipProtocol)
      if ipProtocol != "-1" {
        if let from = permission["FromPort"], !from.isNull { base["FromPort"] = from }
        if let to = permission["ToPort"], !to.isNull { base["ToPort"] = to }
      }
      func add(_ key: String, _ source: Value, extra: [(String, Value)] = []) {
        var rule = base
        rule[key] = .string(CloudFormationCaptureFile.text(source[sourceKey(key)]) ?? "")
        for (extraKey, value) in extra { rule[extraKey] = value }
        if let description = source["Description"]?.string, !description.isEmpty {
          rule["Description"] = .string(description)
        }
        rules.append(.map(rule))
      }
      for range in file.objects(permission["IpRanges"], named: "IpRanges", diagnostics: &diagnostics)
      where CloudFormationCaptureFile.text(range["CidrIp"]) != nil {
        add("CidrIp", range)
      }
      for range in file.objects(permission["Ipv6Ranges"], named: "Ipv6Ranges", diagnostics: &diagnostics)
      where CloudFormationCaptureFile.text(range["CidrIpv6"]) != nil {
        add("CidrIpv6", range)
      }
      for list in file.objects(permission["PrefixListIds"], named: "PrefixListIds", diagnostics: &diagnostics)
      where CloudFormationCaptureFile.text(list["PrefixListId"]) != nil {
        add(isEgress ? "DestinationPrefixListId" : "SourcePrefixListId", list)
      }
      for pair in file.objects(permission["UserIdGroupPairs"], named: "UserIdGroupPairs", diagnostics: &diagnostics) {
        if CloudFormationCaptureFile.text(pair["GroupId"]) != nil {
          if isEgress {
            add("DestinationSecurityGroupId", pair)
          } else if let userId = CloudFormationCaptureFile.text(pair["UserId"]), userId != ownerId {
            add("SourceSecurityGroupId", pair, extra: [("SourceSecurityGroupOwnerId", .string(userId))])
          } else {
            add("SourceSecurityGroupId", pair)
          }
        } else if !isEgress, CloudFormationCaptureFile.text(pair["GroupName"]) != nil {
          add("SourceSecurityGroupName", pair)
        }
      }
    }
    return rules
  }

  /// The key of a source in EC2's permission for a CloudFormation rule key.
  static func sourceKey(_ key: String) -> String {
    switch key {
    case "SourcePrefixListId", "DestinationPrefixListId": "PrefixListId"
    case "SourceSecurityGroupId", "DestinationSecurityGroupId": "GroupId"
    case "SourceSecurityGroupName": "GroupName"
    default: key
    }
  }
}
