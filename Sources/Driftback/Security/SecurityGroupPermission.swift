/// One security-group rule for one source, read from any spelling: a Terraform `ingress`/`egress` block,
/// `aws_security_group_rule` or `aws_vpc_security_group_*_rule`, a CloudFormation
/// `SecurityGroupIngress`/`SecurityGroupEgress` item or `AWS::EC2::SecurityGroupIngress`/`Egress`. A rule
/// with several sources (Terraform's `cidr_blocks = [a, b]`) is one permission per source, so that the
/// security rules can tell exactly what a change grants beyond the IaC.
struct SecurityGroupPermission: Hashable {
  /// Ports that must never be open to the world: SSH, RDP, and the common databases and search engines.
  static let adminPorts: Set<Int> = [22, 3389, 3306, 5432, 1433, 1521, 27017, 6379, 9200, 5984, 11211]

  /// The protocol, lowercased (`tcp`, `-1` for all).
  var protocolName: String
  var fromPort: Int
  var toPort: Int
  /// The source (or destination): a CIDR, a security group, a prefix list, `self`, or `""` when the rule
  /// names none.
  var source: String

  /// Whether the source is 0.0.0.0/0 or ::/0.
  var isWorld: Bool { Self.isWorld(source) }

  /// The keys that hold a rule's sources, in every spelling.
  static let sourceKeys = [
    "cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6", "CidrIp", "CidrIpv6", "security_groups",
    "source_security_group_id", "referenced_security_group_id", "prefix_list_ids", "prefix_list_id",
    "SourceSecurityGroupId", "SourceSecurityGroupName", "SourcePrefixListId", "DestinationSecurityGroupId",
    "DestinationPrefixListId",
  ]

  /// The permissions of one rule, one per source; empty for a value that is not a rule (a scalar, a list).
  static func permissions(of value: Value) -> [SecurityGroupPermission] {
    guard let map = value.map else { return [] }
    var sources = sourceKeys.flatMap { key in
      (map[key]?.list ?? map[key].map { [$0] } ?? []).compactMap(\.string)
    }
    if map["self"]?.bool == true { sources.append("self") }
    // A map with none of a rule's keys is not a rule.
    let protocolKeys = ["protocol", "ip_protocol", "IpProtocol"]
    let protocolText = protocolKeys.lazy.compactMap { map[$0]?.scalarText }.first
    guard protocolText != nil || !sources.isEmpty else { return [] }
    let protocolName = SecurityGroupRule.normalizedProtocol(protocolText ?? "-1")
    let fromPort = port(map["from_port"] ?? map["FromPort"]) ?? -1
    let toPort = port(map["to_port"] ?? map["ToPort"]) ?? 65535
    return (sources.isEmpty ? [""] : sources).map {
      SecurityGroupPermission(protocolName: protocolName, fromPort: fromPort, toPort: toPort, source: $0)
    }
  }

  /// Whether every port of every protocol is open.
  var isAllTraffic: Bool { protocolName == "-1" || (fromPort <= 0 && toPort >= 65535) }

  /// Whether the rule opens an admin or database port (all traffic does).
  var opensAdminPort: Bool {
    isAllTraffic || Self.adminPorts.contains { fromPort <= $0 && $0 <= toPort }
  }

  /// Whether this permission already grants everything `other` grants: the same protocol (or all traffic),
  /// a port range that holds the other's, and the same source or an address range that holds it.
  func grants(_ other: SecurityGroupPermission) -> Bool {
    guard protocolName == "-1" || protocolName == other.protocolName else { return false }
    if ["icmp", "icmpv6"].contains(protocolName) {
      // ICMP's ports are a type and a code, -1 meaning every one: not a range.
      guard fromPort == -1 || fromPort == other.fromPort, toPort == -1 || toPort == other.toPort else { return false }
    } else if protocolName != "-1", !(isAllTraffic || (fromPort <= other.fromPort && other.toPort <= toPort)) {
      return false
    }
    if source == other.source { return true }
    guard let outer = IPRange(source), let inner = IPRange(other.source) else { return false }
    return outer.contains(inner)
  }

  static func isWorld(_ cidr: String) -> Bool { cidr == "0.0.0.0/0" || cidr == "::/0" }

  /// The permissions on one side of a change: a list of rules, one rule, or none.
  static func all(in value: Value?) -> [SecurityGroupPermission] {
    guard let value else { return [] }
    return (value.list ?? [value]).flatMap(permissions(of:))
  }

  private static func port(_ value: Value?) -> Int? {
    value?.scalarText.flatMap(Number.init(parsing:))?.integer.map(Int.init)
  }
}

/// An IPv4 or IPv6 CIDR block, for containment: the address as 128 bits (IPv4 in the low 32, with its own
/// family so that the two never hold each other).
struct IPRange: Hashable {
  var isIPv6: Bool
  var high: UInt64
  var low: UInt64
  var prefix: Int

  /// Reads `a.b.c.d/n` or an IPv6 `x:y::z/n` (a bare address is a host); `nil` for anything else.
  init?(_ text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count <= 2 else { return nil }
    let address = parts[0]
    isIPv6 = address.contains(":")
    let width = isIPv6 ? 128 : 32
    if isIPv6 {
      guard let (high, low) = Self.ipv6(address) else { return nil }
      (self.high, self.low) = (high, low)
    } else {
      let octets = address.split(separator: ".", omittingEmptySubsequences: false)
      guard octets.count == 4 else { return nil }
      var value: UInt64 = 0
      for octet in octets {
        guard (1...3).contains(octet.count), octet.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
          let number = UInt64(octet), number <= 255
        else { return nil }
        value = value << 8 | number
      }
      (high, low) = (0, value)
    }
    var prefix = width
    if parts.count == 2 {
      guard parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }), let number = Int(parts[1]),
        (0...width).contains(number)
      else { return nil }
      prefix = number
    }
    // Host bits are cleared, as EC2 stores them.
    self.prefix = prefix + (128 - width)
    (high, low) = Self.masked(high, low, self.prefix)
  }

  /// An IPv4 block as AWS stores it (`10.0.0.1/16` is `10.0.0.0/16`); `nil` for IPv6.
  var ipv4Text: String? {
    guard !isIPv6 else { return nil }
    let dotted = [24, 16, 8, 0].map { String((low >> UInt64($0)) & 0xFF) }.joined(separator: ".")
    return "\(dotted)/\(prefix - 96)"
  }

  /// Whether every address of `other` is in this range.
  func contains(_ other: IPRange) -> Bool {
    guard isIPv6 == other.isIPv6, other.prefix >= prefix else { return false }
    let (high, low) = Self.masked(other.high, other.low, prefix)
    return high == self.high && low == self.low
  }

  private static func masked(_ high: UInt64, _ low: UInt64, _ prefix: Int) -> (UInt64, UInt64) {
    func mask(_ bits: Int) -> UInt64 { bits <= 0 ? 0 : bits >= 64 ? .max : UInt64.max << UInt64(64 - bits) }
    return (high & mask(prefix), low & mask(prefix - 64))
  }

  /// The 128 bits of an IPv6 address (hex groups, one `::`; no embedded IPv4).
  private static func ipv6(_ text: Substring) -> (UInt64, UInt64)? {
    var halves = [String(text)]
    if let range = text.firstRange(of: "::") {
      halves = [String(text[..<range.lowerBound]), String(text[range.upperBound...])]
      guard !halves[1].contains("::") else { return nil }
    }
    func groups(_ part: String) -> [UInt64]? {
      guard !part.isEmpty else { return [] }
      var result: [UInt64] = []
      for group in part.split(separator: ":", omittingEmptySubsequences: false) {
        guard (1...4).contains(group.count), group.allSatisfy(\.isHexDigit), let number = UInt64(group, radix: 16)
        else { return nil }
        result.append(number)
      }
      return result
    }
    guard let head = groups(halves[0]) else { return nil }
    var all = head
    if halves.count == 2 {
      guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
      all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
    guard all.count == 8 else { return nil }
    let high = all[0..<4].reduce(UInt64(0)) { $0 << 16 | $1 }
    let low = all[4..<8].reduce(UInt64(0)) { $0 << 16 | $1 }
    return (high, low)
  }
}
