public import DriftbackSyntax

/// Compares one configured Terraform instance with its live counterpart.
///
/// Only what the configuration sets is compared: computed attributes the configuration does not set
/// (`id`, `arn`, `owner_id`, `tags_all`, …) are never drift, and unknown values are left out on both
/// sides. Repeated nested blocks are compared as sets; security-group rules are first split into atomic
/// rules (one protocol, port range and source each), as AWS stores them. Attributes that hold JSON (IAM
/// policy documents) are compared as JSON with IAM's equivalences.
public enum TerraformComparison {
  /// The changes from the configuration to the live instance.
  public static func compare(
    _ configured: TerraformConfiguredInstance, live: Value, schema: TerraformProviderSchema? = nil
  ) -> [Change] {
    let resourceSchema = schema?.resources[configured.type]
    var iac = configured.values
    var liveValues = live
    for path in configured.unknownPaths {
      iac.remove(at: path)
      liveValues.remove(at: path)
    }
    // Only the configured top-level keys.
    guard let iacMap = iac.map, let liveMap = liveValues.map else { return [] }
    var pruned = ValueMap()
    for entry in liveMap.entries where iacMap[entry.key] != nil {
      pruned.entries.append(entry)
    }
    liveValues = .map(pruned)
    // With a provider schema, an optional attribute that is not computed and that the configuration
    // omits must be unset: a live value there is drift.
    var omitted: [Change] = []
    for entry in liveMap.entries
    where iacMap[entry.key] == nil && resourceSchema?.optionalNotComputed.contains(entry.key) == true
      && !entry.value.isDeeplyEmpty && entry.value.bool != false
    {
      omitted.append(Change(path: ValuePath([.key(entry.key)]), kind: .added, iac: nil, live: entry.value))
    }

    var changes: [Change] = omitted
    var plainIaC = ValueMap()
    var plainLive = ValueMap()
    for entry in iacMap.entries {
      let liveValue = liveMap[entry.key] ?? .null
      if storesHash(type: configured.type, key: entry.key), let script = entry.value.string,
        let stored = liveValue.string, isSHA1Hex(stored)
      {
        // The provider keeps only the SHA-1 of the script: compare hashes; show the hash, never
        // something that a back-port would write into the source.
        if SHA1.hex(Array(script.utf8)) != stored {
          changes.append(Change(path: ValuePath([.key(entry.key)]), kind: .changed, iac: entry.value, live: liveValue))
        }
        continue
      }
      let ordered = resourceSchema?.orderedLists.contains(entry.key) == true
      if ordered && (configured.blockKeys.contains(entry.key) || isListOfObjects(entry.value)) {
        changes += compareOrderedBlocks(key: entry.key, iac: entry.value, live: liveValue)
      } else if configured.blockKeys.contains(entry.key) || isListOfObjects(entry.value) {
        changes += compareBlocks(key: entry.key, type: configured.type, iac: entry.value, live: liveValue)
      } else if let jsonChange = compareJSON(key: entry.key, iac: entry.value, live: liveValue) {
        if let change = jsonChange { changes.append(change) }
      } else {
        plainIaC[entry.key] = entry.value
        plainLive[entry.key] = liveValue
      }
    }
    let differ = Differ(listPolicy: TerraformListPolicy())
    changes += differ.diff(iac: .map(plainIaC), live: .map(pruneUnset(plainLive, against: plainIaC)))
    return changes.sorted { $0.path.description < $1.path.description }
  }

  // MARK: - Hashed attributes

  /// Attributes the AWS provider stores as the SHA-1 of the configured text.
  static func storesHash(type: String, key: String) -> Bool {
    key == "user_data" && ["aws_instance", "aws_launch_configuration", "aws_spot_instance_request"].contains(type)
  }

  static func isSHA1Hex(_ text: String) -> Bool {
    text.utf8.count == 40 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
  }

  // MARK: - Blocks as sets

  static func isListOfObjects(_ value: Value) -> Bool {
    guard let items = value.list, !items.isEmpty else { return false }
    return items.allSatisfy { $0.map != nil }
  }

  /// Repeated blocks compared as sets of items; an item present on one side only is one change.
  static func compareBlocks(key: String, type: String, iac: Value, live: Value) -> [Change] {
    let isRuleList = type == "aws_security_group" && (key == "ingress" || key == "egress")
    let iacItems = (iac.list ?? []).compactMap(\.map)
    let liveItems = (live.list ?? []).compactMap(\.map)
    let iacAtoms =
      isRuleList ? iacItems.flatMap(SecurityGroupRule.atoms) : iacItems.map { SetItem(fields: $0, key: []) }
    let liveAtoms =
      isRuleList
      ? liveItems.flatMap(SecurityGroupRule.atoms)
      : liveItems.map { SetItem(fields: $0, key: []) }
    var changes: [Change] = []
    // Rule atoms are normalized, so equal rules are equal field for field: an index by their canonical
    // text keeps the matching linear. Other blocks match on what the configuration sets (a subset test).
    var unmatched = [Bool](repeating: true, count: liveAtoms.count)
    var exact: [String: [Int]] = [:]
    if isRuleList {
      for (position, atom) in liveAtoms.enumerated().reversed() {
        exact[atom.canonicalText, default: []].append(position)
      }
    }
    var index = 0
    for atom in iacAtoms {
      let match: Int?
      if isRuleList {
        match = exact[atom.canonicalText]?.popLast()
      } else {
        match = liveAtoms.indices.first { unmatched[$0] && liveAtoms[$0].covers(atom) }
      }
      if let match {
        unmatched[match] = false
      } else {
        changes.append(
          Change(path: atom.path(under: key, index: index), kind: .removed, iac: .map(atom.fields), live: nil))
      }
      index += 1
    }
    for (position, atom) in liveAtoms.enumerated() where unmatched[position] {
      changes.append(Change(path: atom.path(under: key, index: index), kind: .added, iac: nil, live: .map(atom.fields)))
      index += 1
    }
    return changes
  }

  /// Blocks the provider keeps in order (a `list` nesting mode): item `i` against item `i`, each compared
  /// on what the configuration sets.
  static func compareOrderedBlocks(key: String, iac: Value, live: Value) -> [Change] {
    let iacItems = (iac.list ?? []).compactMap(\.map)
    let liveItems = (live.list ?? []).compactMap(\.map)
    var changes: [Change] = []
    for index in 0..<max(iacItems.count, liveItems.count) {
      let path = ValuePath([.key(key), .index(index)])
      if index >= liveItems.count {
        changes.append(Change(path: path, kind: .removed, iac: .map(iacItems[index]), live: nil))
      } else if index >= iacItems.count {
        changes.append(Change(path: path, kind: .added, iac: nil, live: .map(liveItems[index])))
      } else if !SetItem(fields: liveItems[index], key: []).covers(SetItem(fields: iacItems[index], key: [])) {
        changes.append(Change(path: path, kind: .changed, iac: .map(iacItems[index]), live: .map(liveItems[index])))
      }
    }
    return changes
  }

  /// Live keys the configuration does not set and whose value is empty or `false` (the provider's way of
  /// writing "unset") are dropped.
  static func pruneUnset(_ live: ValueMap, against iac: ValueMap) -> ValueMap {
    var result = ValueMap()
    for entry in live.entries {
      if iac[entry.key] == nil, entry.value.isDeeplyEmpty || entry.value.bool == false { continue }
      result.entries.append(entry)
    }
    return result
  }

  // MARK: - JSON attributes

  /// `nil` when the attribute does not hold JSON on both sides; `.some(nil)` when it does and they are
  /// equal; `.some(change)` when they differ.
  static func compareJSON(key: String, iac: Value, live: Value) -> Change?? {
    guard let iacText = iac.string, let liveText = live.string, looksLikeJSON(iacText), looksLikeJSON(liveText),
      let iacJSON = parseJSON(iacText), let liveJSON = parseJSON(liveText)
    else { return nil }
    let a = IAMPolicyNormalizer.normalize(iacJSON)
    let b = IAMPolicyNormalizer.normalize(liveJSON)
    if a.semanticallyEquals(b) { return .some(nil) }
    return .some(Change(path: ValuePath([.key(key)]), kind: .changed, iac: iac, live: live))
  }

  static func looksLikeJSON(_ text: String) -> Bool {
    let first = text.utf8.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
    return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
  }

  static func parseJSON(_ text: String) -> Value? {
    let file = SourceFile(path: "attribute.json", text: text)
    guard let document = try? JSONParser().parse(file), let root = document.root else { return nil }
    return try? Value(syntax: root, schema: .core, file: file)
  }
}

/// One item of a set of blocks, with the fields that identify it in a path.
struct SetItem {
  var fields: ValueMap
  var key: [ValuePath.KeyField]

  /// The item as one text with sorted keys: equal for equal items.
  var canonicalText: String { JSONWriter.compact(.map(fields), sortKeys: true) }

  /// Whether this (live) item has every value the (configured) item sets; the live item may hold more,
  /// the computed attributes the configuration leaves to the provider.
  func covers(_ configured: SetItem) -> Bool {
    configured.fields.entries.allSatisfy { entry in
      let live = fields[entry.key] ?? .null
      if entry.value.isDeeplyEmpty && live.isDeeplyEmpty { return true }
      if let iacMap = entry.value.map, let liveMap = live.map {
        return SetItem(fields: liveMap, key: []).covers(SetItem(fields: iacMap, key: []))
      }
      return Differ(listPolicy: TerraformListPolicy()).diff(iac: entry.value, live: live).isEmpty
    }
  }

  func path(under key: String, index: Int) -> ValuePath {
    if self.key.isEmpty { return ValuePath([.key(key), .index(index)]) }
    return ValuePath([.key(key), .item(self.key)])
  }
}

/// Security-group rules as AWS stores them: one rule per protocol, port range and source.
enum SecurityGroupRule {
  static let sourceFields = ["cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", "security_groups"]

  /// The atomic rules of one `ingress`/`egress` object.
  static func atoms(_ rule: ValueMap) -> [SetItem] {
    let protocolName = normalizedProtocol(rule["protocol"]?.scalarText ?? "")
    let from = rule["from_port"]?.scalarText ?? "0"
    let to = rule["to_port"]?.scalarText ?? "0"
    let description = rule["description"]?.string ?? ""
    var base = ValueMap()
    base["protocol"] = .string(protocolName)
    base["from_port"] = Number(parsing: from).map { Value(.number($0)) } ?? .string(from)
    base["to_port"] = Number(parsing: to).map { Value(.number($0)) } ?? .string(to)
    if !description.isEmpty { base["description"] = .string(description) }
    let baseKey = [
      ValuePath.KeyField(name: "protocol", value: protocolName),
      ValuePath.KeyField(name: "from_port", value: from, isNumber: Number(parsing: from) != nil),
      ValuePath.KeyField(name: "to_port", value: to, isNumber: Number(parsing: to) != nil),
    ]
    var atoms: [SetItem] = []
    for field in sourceFields {
      for source in (rule[field]?.list ?? []).compactMap(\.scalarText) {
        var fields = base
        fields[field] = .list([.string(source)])
        atoms.append(SetItem(fields: fields, key: baseKey + [ValuePath.KeyField(name: field, value: source)]))
      }
    }
    if rule["self"]?.bool == true {
      var fields = base
      fields["self"] = true
      atoms.append(SetItem(fields: fields, key: baseKey + [ValuePath.KeyField(name: "self", value: "true")]))
    }
    if atoms.isEmpty { atoms.append(SetItem(fields: base, key: baseKey)) }
    return atoms
  }

  /// `tcp`/`6`, `udp`/`17`, `icmp`/`1`, `all`/`-1` spell the same protocol.
  static func normalizedProtocol(_ text: String) -> String {
    switch text.lowercased() {
    case "6": "tcp"
    case "17": "udp"
    case "1": "icmp"
    case "58": "icmpv6"
    case "all": "-1"
    default: text.lowercased()
    }
  }
}

/// Terraform list matching: by position (sets are handled before the differ sees them), except lists
/// of scalars under names that the AWS provider stores as sets.
struct TerraformListPolicy: ListPolicy {
  static let sets: Set<String> = [
    "cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", "security_groups", "vpc_security_group_ids",
    "security_group_ids", "subnet_ids", "availability_zones", "actions", "resources",
  ]

  func matching(forListAt path: ValuePath, field: String) -> ListMatching {
    Self.sets.contains(field) ? .set : .ordered
  }
}

/// IAM policy documents compared as IAM reads them: a single string equals a one-element list for
/// `Action`, `NotAction`, `Resource`, `NotResource` and principal lists; statement order and the order
/// inside those lists do not matter.
enum IAMPolicyNormalizer {
  static let listKeys: Set<String> = ["Action", "NotAction", "Resource", "NotResource", "AWS", "Service", "Federated"]

  static func normalize(_ value: Value) -> Value {
    switch value.kind {
    case .map(let map):
      var result = ValueMap()
      for entry in map.entries {
        var child = normalize(entry.value)
        if entry.key == "Principal", child.string == "*" {
          // "Principal": "*" is {"AWS": "*"} (IAM's documented equivalence).
          child = .map(ValueMap([ValueMap.Entry(key: "AWS", value: .list([.string("*")]))]))
        }
        if entry.key == "AWS" {
          // A bare account id is stored by IAM as the account's root ARN.
          let items = (child.list ?? [child]).map { item -> Value in
            guard let text = item.string, text.count == 12, text.allSatisfy(\.isNumber) else { return item }
            return .string("arn:aws:iam::\(text):root")
          }
          child = .list(items)
        }
        if listKeys.contains(entry.key) {
          let items = child.list ?? [child]
          child = .list(
            items.sorted { JSONWriter.compact($0, sortKeys: true) < JSONWriter.compact($1, sortKeys: true) })
        }
        if entry.key == "Statement" {
          let statements = child.list ?? [child]
          child = .list(
            statements.sorted {
              JSONWriter.compact($0, sortKeys: true) < JSONWriter.compact($1, sortKeys: true)
            })
        }
        result[entry.key] = child
      }
      return .map(result)
    case .list(let items): return .list(items.map(normalize))
    default: return Value(value.kind)
    }
  }
}

extension Value {
  /// Removes the value at a path of map keys and list indexes (nothing when it is not there).
  mutating func remove(at path: ValuePath) {
    guard let first = path.segments.first else {
      self = .null
      return
    }
    let rest = ValuePath(Array(path.segments.dropFirst()))
    switch first {
    case .key(let key):
      withMap { map in
        if rest.isRoot { map[key] = nil } else { map.modify(key) { $0.remove(at: rest) } }
      }
    case .index(let index):
      withList { items in
        guard items.indices.contains(index) else { return }
        if rest.isRoot { items[index] = .null } else { items[index].remove(at: rest) }
      }
    case .item:
      return
    }
  }
}
