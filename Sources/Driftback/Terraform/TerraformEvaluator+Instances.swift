import DriftbackSyntax

extension TerraformEvaluator {
  /// Meta-arguments of `resource` and `data` blocks: never attributes of the resource.
  static let metaAttributes: Set<String> = ["count", "for_each", "depends_on", "provider"]
  static let metaBlocks: Set<String> = ["lifecycle", "provisioner", "connection"]

  /// Evaluates every resource instance of the root module and of the local modules it calls.
  func evaluateConfiguration(root: TerraformModuleDefinition, variableFiles: TerraformVariableFiles)
    -> [TerraformConfiguredInstance]
  {
    let scope = TerraformModuleScope(definition: root, address: "", configAddress: "", depth: 0, isShared: false)
    assignVariables(of: scope, inputs: [:], assignments: variableFiles.assignments)
    var instances: [TerraformConfiguredInstance] = []
    collect(scope, into: &instances)
    return instances.sorted { $0.address < $1.address }
  }

  private func collect(_ scope: TerraformModuleScope, into instances: inout [TerraformConfiguredInstance]) {
    for declaration in scope.definition.resources {
      guard let expanded = expansion(of: declaration, in: scope).instances else { continue }
      for (key, each) in expanded {
        instances.append(instance(declaration, key: key, each: each, in: scope))
      }
    }
    for call in scope.definition.moduleCalls {
      guard case .scopes(_, let children) = children(call.name, of: scope) else { continue }
      for child in children { collect(child, into: &instances) }
    }
  }

  private func instance(
    _ declaration: TerraformResourceDeclaration, key: TerraformInstanceKey?, each: TerraformValue?,
    in scope: TerraformModuleScope
  ) -> TerraformConfiguredInstance {
    var context = TerraformEvaluationContext(scope: scope, file: declaration.file)
    switch key {
    case .index(let index)?: context.countIndex = .int(index)
    case .key(let text)?:
      context.eachKey = .string(text)
      context.eachValue = each
    case nil: break
    }
    let (object, blockKeys) = evaluateBody(declaration.block.body, context, topLevel: true)
    var builder = TerraformInstanceBuilder()
    var map = ValueMap()
    for name in object.keys {
      guard let value = object[name],
        let converted = builder.convert(
          value, path: ValuePath([.key(name)]), inheritedOrigin: nil, inheritedSensitive: false)
      else { continue }
      map.entries.append(ValueMap.Entry(key: name, value: converted))
    }
    return TerraformConfiguredInstance(
      address: scope.prefix + declaration.localAddress + (key?.addressSuffix ?? ""), mode: declaration.mode,
      type: declaration.type, name: declaration.name, moduleAddress: scope.address, values: .map(map),
      unknownPaths: builder.unknownPaths, blockKeys: blockKeys, origins: builder.origins,
      sensitivePaths: builder.sensitivePaths, sharedByInstances: key != nil || scope.isShared,
      file: declaration.file.path, blockSpan: declaration.block.span)
  }

  /// The attributes and nested blocks of a body. Block types become lists of objects in source order; a
  /// `dynamic` block whose `for_each` cannot be known makes its whole block type unknown.
  func evaluateBody(_ body: HCLBody, _ context: TerraformEvaluationContext, topLevel: Bool)
    -> (object: TerraformObject, blockKeys: Set<String>)
  {
    var object = TerraformObject()
    var blockKeys: Set<String> = []
    var unknownKeys: Set<String> = []
    func append(_ value: TerraformValue, to key: String) {
      blockKeys.insert(key)
      guard !unknownKeys.contains(key) else { return }
      var items = object[key]?.list ?? []
      items.append(value)
      object[key] = .list(items)
    }
    for item in body.items {
      switch item {
      case .attribute(let attribute):
        if topLevel && Self.metaAttributes.contains(attribute.name) { continue }
        object[attribute.name] = evaluate(attribute.expression, context)
      case .block(let block):
        if topLevel && Self.metaBlocks.contains(block.type) { continue }
        if block.type == "dynamic" {
          guard let key = block.labels.first?.value else { continue }
          guard let generated = expandDynamic(block, key: key, context) else {
            blockKeys.insert(key)
            unknownKeys.insert(key)
            object[key] = .unknown
            continue
          }
          blockKeys.insert(key)
          if object[key] == nil, !unknownKeys.contains(key) { object[key] = .list([]) }
          for value in generated { append(value, to: key) }
        } else {
          let inner = evaluateBody(block.body, context, topLevel: false).object
          append(
            TerraformValue(.map(inner), origin: .literal(file: context.file.path, span: block.span)), to: block.type)
        }
      }
    }
    return (object, blockKeys)
  }

  /// The blocks a `dynamic` block generates, or `nil` when its `for_each` cannot be known.
  private func expandDynamic(_ block: HCLBlock, key: String, _ context: TerraformEvaluationContext)
    -> [TerraformValue]?
  {
    guard let forEach = block.body.attribute(named: "for_each")?.expression,
      let content = block.body.blocks(ofType: "content").first
    else { return [] }
    let collection = evaluate(forEach, context)
    guard !collection.isUnusable, let pairs = iterationPairs(collection) else { return nil }
    var iterator = key
    if let expression = block.body.attribute(named: "iterator")?.expression,
      case .scopeTraversal(let root, _, let traversers) = expression.kind, traversers.isEmpty
    {
      iterator = root
    }
    let origin = TerraformValueOrigin.expression(
      text: context.file.text(block.span), file: context.file.path, span: block.span)
    var generated: [TerraformValue] = []
    for (itemKey, itemValue) in pairs {
      var inner = context
      var element = TerraformObject()
      element["key"] = itemKey
      element["value"] = itemValue
      inner.bindings[iterator] = .map(element)
      let object = evaluateBody(content.body, inner, topLevel: false).object
      generated.append(TerraformValue(.map(object), origin: origin))
    }
    return generated
  }
}

/// Turns evaluation values into a ``Value`` tree, collecting unknown paths, origins and sensitive paths.
struct TerraformInstanceBuilder {
  var unknownPaths: [ValuePath] = []
  var origins: [ValuePath: TerraformValueOrigin] = [:]
  var sensitivePaths: [ValuePath] = []

  /// The known part of a value; `nil` (and the path listed as unknown) when the value is unknown, or is a
  /// list with an unknown element (a partial list would be compared wrongly).
  mutating func convert(
    _ value: TerraformValue, path: ValuePath, inheritedOrigin: TerraformValueOrigin?, inheritedSensitive: Bool
  ) -> Value? {
    if value.isSensitive && !inheritedSensitive { sensitivePaths.append(path) }
    let sensitive = inheritedSensitive || value.isSensitive
    let origin = value.origin ?? inheritedOrigin
    switch value.kind {
    case .unknown, .invalid:
      unknownPaths.append(path)
      return nil
    case .list(let items) where items.contains(where: \.isUnusable):
      unknownPaths.append(path)
      return nil
    default:
      break
    }
    if let origin { origins[path] = origin }
    switch value.kind {
    case .null: return .null
    case .bool(let flag): return .bool(flag)
    case .number(let number): return Value(.number(number))
    case .string(let text): return .string(text)
    case .list(let items):
      var values: [Value] = []
      values.reserveCapacity(items.count)
      for (index, item) in items.enumerated() {
        if let converted = convert(
          item, path: path.appending(index: index), inheritedOrigin: origin, inheritedSensitive: sensitive)
        {
          values.append(converted)
        }
      }
      return .list(values)
    case .map(let object):
      var map = ValueMap()
      map.entries.reserveCapacity(object.count)
      for key in object.keys {
        guard let item = object[key],
          let converted = convert(
            item, path: path.appending(key: key), inheritedOrigin: origin, inheritedSensitive: sensitive)
        else { continue }
        map.entries.append(ValueMap.Entry(key: key, value: converted))
      }
      return .map(map)
    case .unknown, .invalid:
      return nil
    }
  }
}
