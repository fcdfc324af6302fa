import DriftbackSyntax

/// Reads the parsed JSON of a state, `show -json` state or `show -json` plan into a ``TerraformLiveState``.
///
/// The formats are told apart by their keys, never by the file name: a state has a numeric `version`
/// next to `lineage`/`serial`/`resources`; `show -json` output has a string `format_version`, and a plan
/// adds `prior_state`, `resource_changes`, `planned_values` or `resource_drift`.
struct TerraformLiveStateReader {
  static let notTerraform = "not a Terraform state, show -json or plan JSON file"

  let file: SourceFile

  func read(_ root: SyntaxNode) throws -> TerraformLiveState {
    guard root.entries != nil else { throw error(Self.notTerraform, at: root) }
    if let version = root["version"], isStateFile(root) {
      return try readState(root, version: version)
    }
    guard let formatVersion = root["format_version"], formatVersion.scalarStyle == .doubleQuoted else {
      throw error(Self.notTerraform, at: root)
    }
    let planKeys = ["prior_state", "resource_changes", "planned_values", "resource_drift", "output_changes"]
    if planKeys.contains(where: { root[$0] != nil }) { return try readPlan(root) }
    let stateKeys: Set<String> = ["format_version", "terraform_version", "values", "checks"]
    // `show -json` of an empty state is just `{"format_version":"1.0"}`; anything with other keys and no
    // `values` (providers schema, metadata functions) is a different Terraform JSON document.
    let keys = (root.entries ?? []).compactMap(\.key.scalarValue)
    guard root["values"] != nil || keys.allSatisfy(stateKeys.contains) else {
      throw error(Self.notTerraform, at: root)
    }
    var state = TerraformLiveState(
      format: .showJSON, terraformVersion: string(root["terraform_version"]), instances: [],
      driftedAddresses: nil, sensitiveOutputs: [])
    try readShowValues(root["values"], into: &state)
    return state
  }
}

// MARK: - State v4

extension TerraformLiveStateReader {
  fileprivate func isStateFile(_ root: SyntaxNode) -> Bool {
    guard let version = root["version"], version.scalarStyle == .plain, Int(version.scalarValue ?? "") != nil else {
      return false
    }
    return ["lineage", "serial", "resources", "modules", "terraform_version"].contains { root[$0] != nil }
  }

  fileprivate func readState(_ root: SyntaxNode, version: SyntaxNode) throws -> TerraformLiveState {
    let number = Int(version.scalarValue ?? "") ?? 0
    guard number == 4 else {
      let message =
        number < 4
        ? "Terraform state version \(number) is not supported: it was written by Terraform 0.11 or earlier;"
          + " only version 4 (Terraform 0.12 and later) is read. Upgrade it with `terraform refresh` under"
          + " Terraform 0.12 or later, or capture `terraform show -json` instead"
        : "Terraform state version \(number) is not supported: only version 4 (Terraform 0.12 and later) is read;"
          + " capture `terraform show -json` instead"
      throw error(message, at: version)
    }
    var instances: [TerraformLiveInstance] = []
    for resource in try items(root["resources"], named: "resources") {
      let mode = try requiredString(resource, "mode")
      let type = try requiredString(resource, "type")
      let name = try requiredString(resource, "name")
      try checkMode(mode, in: resource)
      let moduleAddress = string(resource["module"]) ?? ""
      for instance in try items(resource["instances"], named: "instances") {
        guard instance.entries != nil else { throw error("a resource instance must be an object", at: instance) }
        if instance["deposed"] != nil { continue }
        let indexKey = try instanceKey(instance["index_key"])
        let address = TerraformLiveInstance.address(
          moduleAddress: moduleAddress, mode: mode, type: type, name: name, indexKey: indexKey)
        let values: Value
        if let attributes = instance["attributes"] {
          values = try Value(syntax: attributes, schema: .core, file: file)
        } else if let flat = instance["attributes_flat"] {
          throw error(
            "\(address) has only legacy `attributes_flat` (the flat map of Terraform 0.11 and earlier), which is"
              + " not supported: run `terraform refresh` or `terraform apply` with Terraform 0.12 or later so it"
              + " is rewritten as `attributes`, or capture `terraform show -json` instead",
            at: flat)
        } else {
          throw error("\(address) has no `attributes`", at: instance)
        }
        instances.append(
          TerraformLiveInstance(
            address: address, mode: mode, type: type, name: name, moduleAddress: moduleAddress,
            indexKey: indexKey, values: values,
            sensitivePaths: try attributePaths(instance["sensitive_attributes"]),
            isTainted: string(instance["status"]) == "tainted", location: file.location(of: instance.span.start)))
      }
    }
    return TerraformLiveState(
      format: .stateV4, terraformVersion: string(root["terraform_version"]), instances: sorted(instances),
      driftedAddresses: nil, sensitiveOutputs: sensitiveOutputs(root["outputs"]))
  }

  /// `sensitive_attributes`: a list of paths, each a list of steps. Terraform writes a step as
  /// `{"type":"get_attr","value":"password"}` or `{"type":"index","value":{"value":0,"type":"number"}}`;
  /// bare strings (attribute names) and integers (list positions) are read too.
  fileprivate func attributePaths(_ node: SyntaxNode?) throws -> [ValuePath] {
    var paths: Set<ValuePath> = []
    for pathNode in try items(node, named: "sensitive_attributes") {
      guard let steps = pathNode.items else {
        throw error("a sensitive attribute path must be an array of steps", at: pathNode)
      }
      var segments: [ValuePath.Segment] = []
      for step in steps {
        guard let segment = try pathSegment(step) else { break }
        segments.append(segment)
      }
      paths.insert(ValuePath(segments))
    }
    return paths.sorted()
  }

  /// One step, or `nil` for a step a ``ValuePath`` cannot express (a set element key).
  fileprivate func pathSegment(_ step: SyntaxNode) throws -> ValuePath.Segment? {
    guard step.entries != nil else { return keySegment(step) }
    guard let value = step["value"] else { throw error("a sensitive attribute step has no `value`", at: step) }
    switch string(step["type"]) {
    case "get_attr":
      guard let name = string(value) else { throw error("a `get_attr` step needs a string `value`", at: value) }
      return .key(name)
    case "index":
      // cty's path JSON wraps the key as {"value": …, "type": "number"|"string"|<set element type>}.
      if value.entries != nil {
        guard let key = value["value"], let type = value["type"],
          type.scalarValue == "number" || type.scalarValue == "string"
        else { return nil }
        return keySegment(key)
      }
      return keySegment(value)
    default:
      throw error("unknown sensitive attribute step type; expected `get_attr` or `index`", at: step)
    }
  }

  fileprivate func keySegment(_ node: SyntaxNode) -> ValuePath.Segment? {
    guard case .scalar(let text, let style) = node.content else { return nil }
    if style == .doubleQuoted { return .key(text) }
    if let index = Int(text) { return .index(index) }
    return nil
  }
}

// MARK: - show -json and plans

extension TerraformLiveStateReader {
  fileprivate func readPlan(_ root: SyntaxNode) throws -> TerraformLiveState {
    guard let prior = root["prior_state"], prior.entries != nil else {
      throw error(
        "plan JSON has no `prior_state`, so it does not show the live objects: capture"
          + " `terraform plan -refresh-only -out=plan` then `terraform show -json plan`", at: root)
    }
    var drifted: Set<String> = []
    for change in try items(root["resource_drift"], named: "resource_drift") {
      drifted.insert(try requiredString(change, "address"))
    }
    var state = TerraformLiveState(
      format: .refreshOnlyPlan,
      terraformVersion: string(root["terraform_version"]) ?? string(prior["terraform_version"]), instances: [],
      driftedAddresses: drifted, sensitiveOutputs: [])
    try readShowValues(prior["values"], into: &state)
    return state
  }

  /// The `values` object of a `show -json` state (also a plan's `prior_state.values`).
  fileprivate func readShowValues(_ values: SyntaxNode?, into state: inout TerraformLiveState) throws {
    guard let values, !values.isNullScalar else { return }
    guard values.entries != nil else { throw error("`values` must be an object", at: values) }
    state.sensitiveOutputs = sensitiveOutputs(values["outputs"])
    var instances: [TerraformLiveInstance] = []
    if let root = values["root_module"] { try readModule(root, address: "", into: &instances) }
    state.instances = sorted(instances)
  }

  /// A module's resources, then its child modules, which name their own full address. The resource
  /// `address` field is not used: show -json format 0.1 (Terraform 0.12) leaves out module and key there.
  fileprivate func readModule(
    _ module: SyntaxNode, address moduleAddress: String, into instances: inout [TerraformLiveInstance]
  )
    throws
  {
    guard module.entries != nil else { throw error("a module must be an object", at: module) }
    for resource in try items(module["resources"], named: "resources") {
      guard resource.entries != nil else { throw error("a resource must be an object", at: resource) }
      if resource["deposed_key"] != nil { continue }
      let mode = try requiredString(resource, "mode")
      let type = try requiredString(resource, "type")
      let name = try requiredString(resource, "name")
      try checkMode(mode, in: resource)
      let indexKey = try instanceKey(resource["index"])
      let values =
        try resource["values"].map { try Value(syntax: $0, schema: .core, file: file) } ?? Value(.map(ValueMap()))
      var paths: [ValuePath] = []
      if let marks = resource["sensitive_values"] { collectMarked(marks, at: .root, into: &paths) }
      instances.append(
        TerraformLiveInstance(
          address: TerraformLiveInstance.address(
            moduleAddress: moduleAddress, mode: mode, type: type, name: name, indexKey: indexKey),
          mode: mode, type: type, name: name, moduleAddress: moduleAddress, indexKey: indexKey, values: values,
          sensitivePaths: Array(Set(paths)).sorted(), isTainted: resource["tainted"]?.scalarValue == "true",
          location: file.location(of: resource.span.start)))
    }
    for child in try items(module["child_modules"], named: "child_modules") {
      guard child.entries != nil else { throw error("a child module must be an object", at: child) }
      try readModule(child, address: try requiredString(child, "address"), into: &instances)
    }
  }

  /// `sensitive_values` mirrors the values with `true` at every sensitive leaf or subtree.
  fileprivate func collectMarked(_ node: SyntaxNode, at path: ValuePath, into paths: inout [ValuePath]) {
    switch node.content {
    case .scalar(let text, let style):
      if style == .plain, text == "true" { paths.append(path) }
    case .mapping(let entries, _):
      for entry in entries {
        if let key = entry.key.scalarValue { collectMarked(entry.value, at: path.appending(key: key), into: &paths) }
      }
    case .sequence(let items, _):
      for (index, item) in items.enumerated() { collectMarked(item, at: path.appending(index: index), into: &paths) }
    }
  }
}

// MARK: - Helpers

extension TerraformLiveStateReader {
  fileprivate func error(_ message: String, at node: SyntaxNode) -> Diagnostic {
    Diagnostic(.error, message, in: file, at: node.span.start)
  }

  /// The text of a JSON string node.
  fileprivate func string(_ node: SyntaxNode?) -> String? {
    guard let node, node.scalarStyle == .doubleQuoted else { return nil }
    return node.scalarValue
  }

  fileprivate func requiredString(_ object: SyntaxNode, _ key: String) throws -> String {
    guard let node = object[key] else { throw error("missing `\(key)`", at: object) }
    guard let text = string(node) else { throw error("`\(key)` must be a string", at: node) }
    return text
  }

  /// The elements of an optional array; absent and `null` are empty.
  fileprivate func items(_ node: SyntaxNode?, named name: String) throws -> [SyntaxNode] {
    guard let node, !node.isNullScalar else { return [] }
    guard let items = node.items else { throw error("`\(name)` must be an array", at: node) }
    return items
  }

  fileprivate func checkMode(_ mode: String, in resource: SyntaxNode) throws {
    guard mode == "managed" || mode == "data" else {
      throw error(
        "unknown resource mode \"\(mode)\"; expected \"managed\" or \"data\"", at: resource["mode"] ?? resource)
    }
  }

  /// `index_key` (state) or `index` (show -json): an integer for `count`, a string for `for_each`.
  fileprivate func instanceKey(_ node: SyntaxNode?) throws -> Value? {
    guard let node, !node.isNullScalar else { return nil }
    if let text = string(node) { return Value(.string(text), span: node.span) }
    if node.scalarStyle == .plain, let text = node.scalarValue, let number = Number(parsing: text),
      number.integer != nil
    {
      return Value(.number(number), span: node.span)
    }
    throw error("an instance key must be an integer (count) or a string (for_each)", at: node)
  }

  fileprivate func sensitiveOutputs(_ outputs: SyntaxNode?) -> [String] {
    guard let entries = outputs?.entries else { return [] }
    return entries.compactMap { entry in
      entry.value["sensitive"]?.scalarValue == "true" && entry.value["sensitive"]?.scalarStyle == .plain
        ? entry.key.scalarValue : nil
    }.sorted()
  }

  fileprivate func sorted(_ instances: [TerraformLiveInstance]) -> [TerraformLiveInstance] {
    instances.sorted { $0.address < $1.address }
  }
}
