/// One security-group rule read from any spelling: a Terraform `ingress`/`egress` block or
/// `aws_vpc_security_group_*_rule`, a CloudFormation `SecurityGroupIngress`/`SecurityGroupEgress` item or
/// `AWS::EC2::SecurityGroupIngress`. Only what the security rules need: is it open to the world, on which
/// ports.
struct SecurityGroupPermission: Hashable {
  /// Ports that must never be open to the world: SSH, RDP, and the common databases and search engines.
  static let adminPorts: Set<Int> = [22, 3389, 3306, 5432, 1433, 1521, 27017, 6379, 9200, 5984, 11211]

  /// The protocol, lowercased (`tcp`, `-1` for all).
  var protocolName: String
  var fromPort: Int
  var toPort: Int
  /// Whether a source is 0.0.0.0/0 or ::/0.
  var isWorld: Bool

  /// Reads a rule; `nil` for a value that is not one (a scalar, a list).
  init?(_ value: Value) {
    guard let map = value.map else { return nil }
    let sourceKeys = ["cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6", "CidrIp", "CidrIpv6"]
    let sources = sourceKeys.flatMap { key in (map[key]?.list ?? map[key].map { [$0] } ?? []).compactMap(\.string) }
    let protocolKeys = ["protocol", "ip_protocol", "IpProtocol"]
    let protocolText = protocolKeys.lazy.compactMap { map[$0]?.scalarText }.first ?? "-1"
    protocolName = SecurityGroupRule.normalizedProtocol(protocolText)
    fromPort = Self.port(map["from_port"] ?? map["FromPort"]) ?? -1
    toPort = Self.port(map["to_port"] ?? map["ToPort"]) ?? 65535
    isWorld = sources.contains { Self.isWorld($0) }
  }

  /// Whether every port of every protocol is open.
  var isAllTraffic: Bool { protocolName == "-1" || (fromPort <= 0 && toPort >= 65535) }

  /// Whether the rule opens an admin or database port (all traffic does).
  var opensAdminPort: Bool {
    isAllTraffic || Self.adminPorts.contains { fromPort <= $0 && $0 <= toPort }
  }

  static func isWorld(_ cidr: String) -> Bool { cidr == "0.0.0.0/0" || cidr == "::/0" }

  /// The rules on one side of a change: a list of rules, one rule, or none.
  static func all(in value: Value?) -> [SecurityGroupPermission] {
    guard let value else { return [] }
    return (value.list ?? [value]).compactMap(SecurityGroupPermission.init)
  }

  private static func port(_ value: Value?) -> Int? {
    value?.scalarText.flatMap(Number.init(parsing:))?.integer.map(Int.init)
  }
}
