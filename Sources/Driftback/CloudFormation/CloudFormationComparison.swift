public import DriftbackSyntax

/// Compares the evaluated `Properties` of one template resource with the live properties of the resource
/// it became.
///
/// - Only the properties the template sets are compared, plus the security properties AWS gives a value of
///   its own when the template is silent (S3 Block Public Access, default encryption and versioning, a
///   security group's rules, a role's policies): there the live value is compared with AWS's documented
///   default, so a bucket that still has the defaults is in sync and a public-access block turned off at
///   runtime is drift.
/// - Spellings do not matter: `"22"` equals `22` and `"true"` equals `true` (CloudFormation passes every
///   property as text).
/// - `Tags` are a set keyed by `Key`, inline `Policies` by `PolicyName`, lifecycle rules by `Id`; lists of
///   ARNs are sets; policy documents are compared with IAM's equivalences.
/// - Security-group rules are atomic (one protocol, port range and source each, as a template writes them and
///   as AWS stores them) and compared as a set. The path of a rule names it by its protocol, ports and source.
/// - Values the template computes in ways that cannot be known statically (``unknownPaths``) are never
///   compared.
public enum CloudFormationComparison {
  /// The rule-list properties of a security group.
  static let ruleLists: Set<String> = ["SecurityGroupIngress", "SecurityGroupEgress"]

  /// The changes from the template to the live resource, sorted by path.
  /// - Parameters:
  ///   - type: the resource type (`AWS::S3::Bucket`).
  ///   - iac: the evaluated `Properties` (unknown values already left out).
  ///   - unknownPaths: paths, relative to `Properties`, whose value cannot be known statically.
  ///   - live: the live properties.
  ///   - coverage: the properties the capture holds for this resource (`nil`: all of them). A property the
  ///     capture does not hold is not compared: its absence says nothing.
  ///   - separatelyManaged: properties that other template resources manage (a security group's
  ///     `SecurityGroupIngress` when the template also has `AWS::EC2::SecurityGroupIngress` resources for
  ///     it): not compared with AWS's default when the resource itself is silent.
  public static func compare(
    type: String, iac: Value, unknownPaths: [ValuePath] = [], live: Value, coverage: Set<String>? = nil,
    separatelyManaged: Set<String> = []
  ) -> [Change] {
    let iacMap = iac.map ?? ValueMap()
    guard let liveMap = live.map else { return [] }
    var liveValues = Value.map(liveMap)
    for path in unknownPaths where !path.segments.contains(where: \.isIndex) {
      liveValues.remove(at: path)
    }
    let unknownByKey = Dictionary(grouping: unknownPaths) { path -> String in
      if case .key(let key)? = path.segments.first { return key }
      return ""
    }
    var changes: [Change] = []
    var plainIaC = ValueMap()
    var plainLive = ValueMap()
    for entry in iacMap.entries {
      if let coverage, !coverage.contains(entry.key) { continue }
      var liveValue = liveValues[entry.key] ?? .null
      if separatelyManaged.contains(entry.key), let iacItems = entry.value.list, let liveItems = liveValue.list {
        // Other resources of the template add to this list: live items they may have added are not drift.
        // A rule open to the world and an administrator policy are reported all the same: they are the
        // runtime changes that matter most, whoever else adds to the list.
        liveValue = .list(
          liveItems.filter { item in
            Self.hasCounterpart(item, in: iacItems, key: entry.key) || Self.mattersAnyway(item, key: entry.key)
          })
      }
      if entry.key == "VersioningConfiguration", liveValue.isDeeplyEmpty {
        liveValue = .map(ValueMap([ValueMap.Entry(key: "Status", value: .string("Suspended"))]))
      }
      if ruleLists.contains(entry.key) {
        changes += compareRules(
          key: entry.key, iac: entry.value, live: liveValue, unknown: unknownByKey[entry.key] ?? [])
        continue
      }
      plainIaC[entry.key] = normalized(entry.value, key: entry.key)
      plainLive[entry.key] = pruneUnset(normalized(liveValue, key: entry.key), against: plainIaC[entry.key] ?? .null)
    }
    // What the template leaves to AWS: compared with AWS's default.
    for (key, defaultValue) in CloudFormationDefaults.securityDefaults(for: type)
    where iacMap[key] == nil && unknownByKey[key] == nil && !separatelyManaged.contains(key)
      && coverage.map({ $0.contains(key) }) != false
    {
      guard let liveValue = liveMap[key] else { continue }
      if ruleLists.contains(key) {
        changes += compareRules(key: key, iac: defaultValue, live: liveValue, unknown: [])
        continue
      }
      if key == "VersioningConfiguration", CloudFormationDefaults.isVersioningDefault(liveValue) { continue }
      let expected = normalized(defaultValue, key: key)
      let actual = pruneUnset(normalized(liveValue, key: key), against: expected)
      if !Differ(listPolicy: CloudFormationListPolicy()).diff(iac: expected, live: actual).isEmpty
        && !(expected.isDeeplyEmpty && actual.isDeeplyEmpty)
      {
        changes.append(Change(path: ValuePath([.key(key)]), kind: .added, iac: nil, live: liveValue))
      }
    }
    let differ = Differ(listPolicy: CloudFormationListPolicy())
    changes += differ.diff(iac: .map(plainIaC), live: .map(plainLive))
    // A value inside a list item the template computes in part (an index path) is left out afterwards.
    let indexed = unknownPaths.filter { $0.segments.contains(where: \.isIndex) }
    if !indexed.isEmpty {
      changes.removeAll { change in
        let path = indexPath(change.path, in: iac)
        return indexed.contains { $0.isPrefix(of: path) || path.isPrefix(of: $0) }
      }
    }
    return changes.sorted { $0.path.description < $1.path.description }
  }

  /// Whether a live list item has an IaC item it is compared with: the same key (a rule's protocol, ports
  /// and source; a policy's name) or, for scalars, the same value.
  static func hasCounterpart(_ item: Value, in iacItems: [Value], key: String) -> Bool {
    if ruleLists.contains(key), let rule = item.map {
      let atom = SecurityGroupAtom(rule: rule)
      return iacItems.contains { $0.map.map { SecurityGroupAtom(rule: $0).key == atom.key } ?? false }
    }
    if let fields = CloudFormationListPolicy.keyed[key] {
      return iacItems.contains { candidate in
        fields.allSatisfy { field in candidate[field]?.scalarText == item[field]?.scalarText }
      }
    }
    return iacItems.contains { $0.semanticallyEquals(item) }
  }

  static func mattersAnyway(_ item: Value, key: String) -> Bool {
    if ruleLists.contains(key), let rule = item.map { return SecurityGroupAtom(rule: rule).isWorldOpen }
    let text = JSONWriter.compact(item, sortKeys: true)
    return text.contains("AdministratorAccess") || text.contains("FullAccess") || text.contains("\"*\"")
  }

  // MARK: - Normalization

  /// A property value as the comparison sees it: `"true"`/`"false"` as booleans, policy documents in IAM's
  /// canonical form (a JSON string parsed first).
  static func normalized(_ value: Value, key: String) -> Value {
    if policyKeys.contains(key) {
      let document = value.string.flatMap { TerraformComparison.parseJSON($0) } ?? value
      return IAMPolicyNormalizer.normalize(spellings(document))
    }
    switch value.kind {
    case .map(let map):
      var result = ValueMap()
      result.entries.reserveCapacity(map.count)
      for entry in map.entries {
        result.entries.append(
          ValueMap.Entry(key: entry.key, keySpan: entry.keySpan, value: normalized(entry.value, key: entry.key)))
      }
      return Value(.map(result), span: value.span)
    case .list(let items):
      return Value(.list(items.map { normalized($0, key: key) }), span: value.span)
    default:
      return spellings(value)
    }
  }

  /// Properties that hold IAM policy documents.
  static let policyKeys: Set<String> = ["PolicyDocument", "AssumeRolePolicyDocument", "KeyPolicy"]

  /// `"true"`/`"false"` (any case) as booleans, in a whole subtree (numbers are compared by value already).
  static func spellings(_ value: Value) -> Value {
    switch value.kind {
    case .string(let text):
      switch text.lowercased() {
      case "true": return Value(.bool(true), span: value.span)
      case "false": return Value(.bool(false), span: value.span)
      default: return value
      }
    case .map(let map):
      var result = map
      for index in result.entries.indices { result.entries[index].value = spellings(result.entries[index].value) }
      return Value(.map(result), span: value.span)
    case .list(let items):
      return Value(.list(items.map(spellings)), span: value.span)
    default:
      return value
    }
  }

  /// Live keys the template does not set, at any depth inside a property it does set, whose value is empty
  /// or `false` (AWS's way of writing "unset"): dropped.
  static func pruneUnset(_ live: Value, against iac: Value) -> Value {
    switch (live.kind, iac.kind) {
    case (.map(let liveMap), .map(let iacMap)):
      var result = ValueMap()
      for entry in liveMap.entries {
        if let configured = iacMap[entry.key] {
          result.entries.append(
            ValueMap.Entry(key: entry.key, keySpan: entry.keySpan, value: pruneUnset(entry.value, against: configured)))
        } else if !(entry.value.isDeeplyEmpty || entry.value.bool == false) {
          result.entries.append(entry)
        }
      }
      return Value(.map(result), span: live.span)
    case (.list(let liveItems), .list(let iacItems)) where liveItems.count == iacItems.count:
      return Value(.list(zip(liveItems, iacItems).map { pruneUnset($0, against: $1) }), span: live.span)
    default:
      return live
    }
  }

  // MARK: - Security-group rules

  /// Rules compared as sets of atoms, matched by protocol, ports and source; a description that differs
  /// is a change of that rule's `Description`. An item the template computes in part matches any live rule
  /// that has every value it knows.
  static func compareRules(key: String, iac: Value, live: Value, unknown: [ValuePath]) -> [Change] {
    let iacItems = (iac.list ?? []).enumerated().compactMap { index, item in item.map.map { (index, $0) } }
    let liveAtoms = (live.list ?? []).compactMap(\.map).map { SecurityGroupAtom(rule: $0) }
    var liveByKey: [[ValuePath.KeyField]: [Int]] = [:]
    for (position, atom) in liveAtoms.enumerated().reversed() { liveByKey[atom.key, default: []].append(position) }
    var unmatched = [Bool](repeating: true, count: liveAtoms.count)
    var changes: [Change] = []
    for (index, item) in iacItems {
      let atom = SecurityGroupAtom(rule: item)
      let isPartial = unknown.contains { path in
        path.segments.count >= 2 && path.segments[1] == .index(index)
      }
      if isPartial {
        // Known parts only: the first live rule that has them all.
        // Never a rule open to the world: an unknown source must not hide one.
        if let match = liveAtoms.indices.first(where: {
          unmatched[$0] && liveAtoms[$0].covers(atom) && !liveAtoms[$0].isWorldOpen
        }) {
          unmatched[match] = false
        }
        continue
      }
      let path = ValuePath([.key(key), .item(atom.key)])
      guard let match = liveByKey[atom.key]?.popLast() else {
        changes.append(Change(path: path, kind: .removed, iac: .map(atom.fields), live: nil))
        continue
      }
      unmatched[match] = false
      let iacDescription = atom.fields["Description"]?.string ?? ""
      let liveDescription = liveAtoms[match].fields["Description"]?.string ?? ""
      if iacDescription != liveDescription {
        changes.append(
          Change(
            path: path.appending(key: "Description"), kind: liveDescription.isEmpty ? .removed : .changed,
            iac: iacDescription.isEmpty ? nil : .string(iacDescription),
            live: liveDescription.isEmpty ? nil : .string(liveDescription)))
      }
    }
    for (position, atom) in liveAtoms.enumerated() where unmatched[position] {
      changes.append(
        Change(path: ValuePath([.key(key), .item(atom.key)]), kind: .added, iac: nil, live: .map(atom.fields)))
    }
    return changes
  }

  /// The path with every keyed item (`Tags[Key=env]`, a named rule) replaced by its position in `root`'s list
  /// (the evaluated template), the form the evaluator's origins and unknown paths use. Items not found keep
  /// their key.
  public static func indexPath(_ path: ValuePath, in root: Value) -> ValuePath {
    var segments: [ValuePath.Segment] = []
    segments.reserveCapacity(path.segments.count)
    var current: Value? = root
    for segment in path.segments {
      var next = segment
      if case .item(let fields) = segment, let list = current, list.list != nil {
        let index: Int?
        if case .key(let key)? = segments.last, ruleLists.contains(key) {
          index = ruleIndex(fields, in: list)
        } else {
          index = list.list?.firstIndex { item in fields.allSatisfy { item.keyFieldMatches($0) } }
        }
        if let index { next = .index(index) }
      }
      current = current?.child(next)
      segments.append(next)
    }
    return ValuePath(segments)
  }

  /// The index, in the template's list, of the rule a rule path names (for edits).
  public static func ruleIndex(_ fields: [ValuePath.KeyField], in list: Value) -> Int? {
    (list.list ?? []).firstIndex { item in
      item.map.map { SecurityGroupAtom(rule: $0).key == fields } ?? false
    }
  }
}

/// One security-group rule in canonical form: protocol by name, ports as numbers (none for all traffic),
/// exactly one source, the description.
struct SecurityGroupAtom {
  /// The source (or destination) fields a rule can have; exactly one is set.
  static let sourceFields = [
    "CidrIp", "CidrIpv6", "SourcePrefixListId", "SourceSecurityGroupId", "SourceSecurityGroupName",
    "DestinationPrefixListId", "DestinationSecurityGroupId",
  ]

  /// The rule in the order a template writes it.
  var fields: ValueMap
  /// Protocol, ports and source: what identifies the rule.
  var key: [ValuePath.KeyField]

  init(rule: ValueMap) {
    var fields = ValueMap()
    let protocolName = SecurityGroupRule.normalizedProtocol(rule["IpProtocol"]?.scalarText ?? "-1")
    fields["IpProtocol"] = .string(protocolName)
    var key = [ValuePath.KeyField(name: "IpProtocol", value: protocolName)]
    // Ports mean something for TCP, UDP, ICMP and ICMPv6 only; EC2 drops them for other protocols.
    if ["tcp", "udp", "icmp", "icmpv6"].contains(protocolName) {
      for name in ["FromPort", "ToPort"] {
        guard let text = rule[name]?.scalarText else { continue }
        if let number = Number(parsing: text) {
          fields[name] = Value(.number(number))
          key.append(ValuePath.KeyField(name: name, value: number.text, isNumber: true))
        } else {
          fields[name] = .string(text)
          key.append(ValuePath.KeyField(name: name, value: text))
        }
      }
    }
    for name in Self.sourceFields + ["SourceSecurityGroupOwnerId"] {
      guard var text = rule[name]?.scalarText, !text.isEmpty else { continue }
      if name == "CidrIp" || name == "CidrIpv6" { text = Self.canonicalCIDR(text) }
      fields[name] = .string(text)
      key.append(ValuePath.KeyField(name: name, value: text))
    }
    if let description = rule["Description"]?.string, !description.isEmpty {
      fields["Description"] = .string(description)
    }
    self.fields = fields
    self.key = key.sorted { $0.name < $1.name }
  }

  /// Whether the rule admits the whole internet.
  var isWorldOpen: Bool {
    [fields["CidrIp"], fields["CidrIpv6"]].contains { $0?.string.map(SecurityGroupPermission.isWorld) == true }
  }

  /// A CIDR as AWS stores it: host bits cleared (`10.0.0.1/16` is `10.0.0.0/16`), IPv6 in lower case.
  static func canonicalCIDR(_ text: String) -> String {
    guard text.contains("/"), let ipv4 = IPRange(text)?.ipv4Text else { return text.lowercased() }
    return ipv4
  }

  /// Whether this (live) rule has every identifying value the (partly known) template rule has.
  func covers(_ other: SecurityGroupAtom) -> Bool {
    other.key.allSatisfy { key.contains($0) }
  }
}

extension ValuePath.Segment {
  /// Whether this is a list index.
  var isIndex: Bool {
    if case .index = self { return true }
    return false
  }
}

/// How CloudFormation lists are matched: tags by `Key`, inline policies by `PolicyName`, lifecycle rules by
/// `Id`; lists of ARNs, ids and names as sets; everything else in order.
struct CloudFormationListPolicy: ListPolicy {
  static let keyed: [String: [String]] = [
    "Tags": ["Key"], "Policies": ["PolicyName"], "Rules": ["Id"], "TagSet": ["Key"],
  ]
  static let sets: Set<String> = [
    "ManagedPolicyArns", "SecurityGroupIds", "SecurityGroups", "SubnetIds", "VPCZoneIdentifier", "AvailabilityZones",
    "Action", "NotAction", "Resource", "NotResource", "Statement", "AllowedMethods", "AllowedOrigins",
    "AllowedHeaders",
  ]

  func matching(forListAt path: ValuePath, field: String) -> ListMatching {
    if let fields = Self.keyed[field] { return .keyed(fields) }
    return Self.sets.contains(field) ? .set : .ordered
  }
}
