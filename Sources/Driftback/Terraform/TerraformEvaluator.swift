import DriftbackSyntax

/// One module instance during evaluation: its variables and memoised locals, outputs, resource expansions
/// and child module instances. Everything is computed on first use, so declaration order does not matter;
/// a value that needs itself is invalid (a cycle), never a hang.
final class TerraformModuleScope {
  let definition: TerraformModuleDefinition
  /// `""` for the root, `module.a`, `module.a[0].module.b`.
  let address: String
  /// The address without instance keys.
  let configAddress: String
  let depth: Int
  /// Whether this module instance comes from a module call with `count` or `for_each`.
  let isShared: Bool
  var variables: [String: TerraformValue] = [:]
  var locals: [String: TerraformValue] = [:]
  var outputs: [String: TerraformValue] = [:]
  var expansions: [String: TerraformExpansion] = [:]
  var children: [String: TerraformModuleChildren] = [:]
  /// Names (`local.x`, `output.x`, `resource.x`, `module.x`) being computed, to catch cycles.
  var inProgress: Set<String> = []

  init(definition: TerraformModuleDefinition, address: String, configAddress: String, depth: Int, isShared: Bool) {
    self.definition = definition
    self.address = address
    self.configAddress = configAddress
    self.depth = depth
    self.isShared = isShared
  }

  /// The prefix of addresses inside this module: `""` or `module.a.`.
  var prefix: String { address.isEmpty ? "" : address + "." }
}

/// The instance key of a `count` or `for_each` instance.
enum TerraformInstanceKey {
  case index(Int)
  case key(String)

  /// `[0]` or `["a"]`.
  var addressSuffix: String {
    switch self {
    case .index(let index): "[\(index)]"
    case .key(let key): "[" + JSONText.quoted(key) + "]"
    }
  }
}

/// How a resource or module call expands into instances.
enum TerraformExpansion {
  /// No `count` or `for_each`.
  case single
  /// `count`: instances 0..<n.
  case count(Int)
  /// `for_each`: keys in lexical order with their `each.value`.
  case forEach([(key: String, value: TerraformValue)])
  /// The count or the keys cannot be known.
  case unknown

  var instances: [(key: TerraformInstanceKey?, each: TerraformValue?)]? {
    switch self {
    case .single: [(nil, nil)]
    case .count(let count): (0..<count).map { (.index($0), nil) }
    case .forEach(let pairs): pairs.map { (.key($0.key), $0.value) }
    case .unknown: nil
    }
  }
}

/// The instances of a module call.
enum TerraformModuleChildren {
  case scopes(TerraformExpansion, [TerraformModuleScope])
  /// Remote, missing, too deep or with an unknown count: its outputs are unknown.
  case unavailable
}

/// What an expression can refer to at one place: the module instance, the file (for origins) and the
/// names bound by `count`, `for_each`, `for` expressions and `dynamic` iterators.
struct TerraformEvaluationContext {
  let scope: TerraformModuleScope
  let file: SourceFile
  var bindings: [String: TerraformValue] = [:]
  var countIndex: TerraformValue?
  var eachKey: TerraformValue?
  var eachValue: TerraformValue?
}

/// Evaluates the expressions of a configuration to what can be known statically.
final class TerraformEvaluator {
  /// Work limits: hostile input gets unknown values and a warning, never a hang or a crash.
  static let maxSteps = 4_000_000
  static let maxDepth = 160
  static let maxCount = 10_000
  static let maxItems = 200_000
  static let maxStringBytes = 4 << 20

  let live: ((String) -> Value?)?
  let definitions: [String: TerraformModuleDefinition]
  var diagnostics: [Diagnostic] = []
  var sensitiveVariables: Set<String> = []
  private var steps = 0
  private var depth = 0
  private var budgetReported = false
  private var reportedFunctions: Set<String> = []

  init(live: ((String) -> Value?)?, definitions: [String: TerraformModuleDefinition]) {
    self.live = live
    self.definitions = definitions
  }

  // MARK: - Expressions

  /// The value of an expression; a value without an origin of its own gets the expression as origin.
  func evaluate(_ expression: HCLExpression, _ context: TerraformEvaluationContext) -> TerraformValue {
    guard spend() else { return .unknown }
    guard depth < Self.maxDepth else { return .invalid("the expression nests too deeply") }
    depth += 1
    defer { depth -= 1 }
    var result = evaluateKind(expression, context)
    if result.origin == nil, !result.isUnusable {
      result.origin = .expression(
        text: context.file.text(expression.span), file: context.file.path, span: expression.span)
    }
    return result
  }

  /// Counts one unit of work; `false` once the budget is spent.
  func spend(_ units: Int = 1) -> Bool {
    steps += units
    if steps <= Self.maxSteps { return true }
    if !budgetReported {
      budgetReported = true
      diagnostics.append(
        Diagnostic(.warning, "the configuration needs too much work to evaluate; the remaining values are unknown"))
    }
    return false
  }

  private func evaluateKind(_ expression: HCLExpression, _ context: TerraformEvaluationContext) -> TerraformValue {
    let literalOrigin = TerraformValueOrigin.literal(file: context.file.path, span: expression.span)
    if let literal = expression.literalValue {
      switch literal {
      case .string(let text): return TerraformValue(.string(text), origin: literalOrigin)
      case .bool(let flag): return TerraformValue(.bool(flag), origin: literalOrigin)
      case .null: return TerraformValue(.null, origin: literalOrigin)
      case .number(let text):
        guard let number = TerraformValue.parseNumber(text) else { return .invalid("bad number \(text)") }
        return TerraformValue(.number(number), origin: literalOrigin)
      }
    }
    switch expression.kind {
    case .literal:
      return .invalid("unexpected literal")
    case .template(let template):
      return evaluateTemplate(template, context)
    case .tuple(let items):
      let values = items.map { evaluate($0, context) }
      let allLiteral = values.allSatisfy { if case .literal? = $0.origin { true } else { false } }
      return TerraformValue(.list(values), origin: allLiteral ? literalOrigin : nil)
    case .object(let items):
      var object = TerraformObject()
      var allLiteral = true
      for item in items {
        let key: String
        if let name = item.keyName {
          key = name
        } else {
          let keyValue = evaluate(item.key, context)
          guard let text = keyValue.string else { return keyValue.isUnusable ? keyValue : .invalid("bad object key") }
          key = text
          allLiteral = false
        }
        let value = evaluate(item.value, context)
        if case .literal? = value.origin {} else { allLiteral = false }
        object[key] = value
      }
      return TerraformValue(.map(object), origin: allLiteral ? literalOrigin : nil)
    case .scopeTraversal(let root, _, let traversers):
      return evaluateTraversal(root: root, traversers: traversers[...], context)
    case .relativeTraversal(let source, let traversers):
      return apply(evaluate(source, context), traversers[...], context, liveDerived: false)
    case .splat(let source, _, _, let traversers):
      let value = evaluate(source, context)
      if value.isUnusable { return value }
      if value.isNull { return .list([]) }
      guard let items = value.list else { return .list([apply(value, traversers[...], context, liveDerived: false)]) }
      return .list(items.map { apply($0, traversers[...], context, liveDerived: false) })
    case .functionCall(let name, let nameSpan, let arguments, let expandsFinalArgument):
      return evaluateCall(name, nameSpan: nameSpan, arguments, expandsFinalArgument: expandsFinalArgument, context)
    case .conditional(let condition, let trueResult, let falseResult):
      let test = evaluate(condition, context)
      if test.isUnusable { return test }
      guard let flag = test.bool else { return .invalid("the condition is not a bool") }
      var result = evaluate(flag ? trueResult : falseResult, context)
      if test.containsSensitive { result.isSensitive = true }
      return result
    case .binary(let op, let lhs, let rhs):
      return evaluateBinary(op, evaluate(lhs, context), evaluate(rhs, context))
    case .unary(let op, let operand):
      let value = evaluate(operand, context)
      if value.isUnusable { return value }
      var result: TerraformValue
      switch op {
      case .not:
        guard let flag = value.bool else { return .invalid("! needs a bool") }
        result = .bool(!flag)
      case .negate:
        guard let number = value.number else { return .invalid("- needs a number") }
        let (negated, overflow) = (number.integer ?? 0).multipliedReportingOverflow(by: -1)
        result = TerraformValue.number(number.integer != nil && !overflow ? negated : nil, orDouble: -number.double)
      }
      result.isSensitive = value.isSensitive
      return result
    case .parenthesized(let inner):
      return evaluate(inner, context)
    case .forExpression(let forExpression):
      return evaluateFor(forExpression, context)
    }
  }

  // MARK: Operators

  private func evaluateBinary(_ op: HCLBinaryOperator, _ lhs: TerraformValue, _ rhs: TerraformValue)
    -> TerraformValue
  {
    if lhs.isInvalid { return lhs }
    if rhs.isInvalid { return rhs }
    var result: TerraformValue
    switch op {
    case .equal, .notEqual:
      guard let same = lhs.equals(rhs) else { return lhs.firstUnusable ?? rhs.firstUnusable ?? .unknown }
      result = .bool(op == .equal ? same : !same)
    case .and, .or:
      if lhs.isUnknown || rhs.isUnknown { return .unknown }
      guard let a = lhs.bool, let b = rhs.bool else { return .invalid("\(op.rawValue) needs bools") }
      result = .bool(op == .and ? a && b : a || b)
    default:
      if lhs.isUnknown || rhs.isUnknown { return .unknown }
      guard let a = lhs.number, let b = rhs.number else { return .invalid("\(op.rawValue) needs numbers") }
      result = Self.arithmetic(op, a, b)
    }
    result.isSensitive = lhs.containsSensitive || rhs.containsSensitive
    return result
  }

  private static func arithmetic(_ op: HCLBinaryOperator, _ a: Number, _ b: Number) -> TerraformValue {
    let x = a.double
    let y = b.double
    switch op {
    case .less: return .bool(x < y)
    case .greater: return .bool(x > y)
    case .lessOrEqual: return .bool(x <= y)
    case .greaterOrEqual: return .bool(x >= y)
    case .add:
      let sum = a.integer.flatMap { i in
        b.integer.flatMap { j in i.addingReportingOverflow(j) }.flatMap { $0.overflow ? nil : $0.partialValue }
      }
      return TerraformValue.number(sum, orDouble: x + y)
    case .subtract:
      let difference = a.integer.flatMap { i in b.integer.map { j in i.subtractingReportingOverflow(j) } }.flatMap {
        $0.overflow ? nil : $0.partialValue
      }
      return TerraformValue.number(difference, orDouble: x - y)
    case .multiply:
      let product = a.integer.flatMap { i in b.integer.map { j in i.multipliedReportingOverflow(by: j) } }.flatMap {
        $0.overflow ? nil : $0.partialValue
      }
      return TerraformValue.number(product, orDouble: x * y)
    case .divide:
      guard y != 0 else { return .invalid("division by zero") }
      return TerraformValue.number(x / y)
    case .modulo:
      guard y != 0 else { return .invalid("division by zero") }
      if let i = a.integer, let j = b.integer, j != -1 { return .int(Int(i % j)) }
      return TerraformValue.number(x.truncatingRemainder(dividingBy: y))
    default:
      return .invalid("unsupported operator")
    }
  }

  // MARK: Templates

  private func evaluateTemplate(_ template: HCLTemplate, _ context: TerraformEvaluationContext) -> TerraformValue {
    // "${x}" alone is x itself, whatever its type (and its origin).
    if template.parts.count == 1, case .interpolation(let interpolation) = template.parts[0] {
      return evaluate(interpolation.expression, context)
    }
    var state = TemplateState()
    render(template.parts, context, &state)
    if let problem = state.problem { return problem }
    return TerraformValue(.string(state.text), isSensitive: state.isSensitive)
  }

  private struct TemplateState {
    var text = ""
    var problem: TerraformValue?
    var isSensitive = false

    mutating func fail(_ value: TerraformValue) {
      if problem == nil || (value.isInvalid && problem?.isInvalid == false) { problem = value }
    }
  }

  private func render(_ parts: [HCLTemplatePart], _ context: TerraformEvaluationContext, _ state: inout TemplateState) {
    for part in parts {
      if state.problem?.isInvalid == true { return }
      guard spend() else { return state.fail(.unknown) }
      switch part {
      case .literal(let text, _):
        state.text += text
      case .interpolation(let interpolation):
        let value = evaluate(interpolation.expression, context)
        if value.containsSensitive { state.isSensitive = true }
        if value.isUnusable {
          state.fail(value)
          continue
        }
        guard let text = value.string else {
          state.fail(.invalid("a template needs a string"))
          continue
        }
        state.text += text
      case .ifDirective(let directive):
        let test = evaluate(directive.condition, context)
        if test.isUnusable {
          state.fail(test)
          continue
        }
        guard let flag = test.bool else {
          state.fail(.invalid("%{if} needs a bool"))
          continue
        }
        render(flag ? directive.trueParts : directive.falseParts, context, &state)
      case .forDirective(let directive):
        let collection = evaluate(directive.collection, context)
        guard let pairs = iterationPairs(collection) else {
          state.fail(collection.isUnusable ? collection : .invalid("%{for} needs a collection"))
          continue
        }
        for (key, value) in pairs {
          var inner = context
          if let name = directive.keyVariable { inner.bindings[name] = key }
          inner.bindings[directive.valueVariable] = value
          render(directive.bodyParts, inner, &state)
        }
      }
      if state.text.utf8.count > Self.maxStringBytes { return state.fail(.invalid("the string is too long")) }
    }
  }

  // MARK: For expressions

  /// The key and value of each element: list index and item, or map key and value in lexical key order.
  func iterationPairs(_ collection: TerraformValue) -> [(TerraformValue, TerraformValue)]? {
    switch collection.kind {
    case .list(let items):
      return items.enumerated().map { (.int($0.offset), $0.element) }
    case .map(let object):
      return object.sortedKeys.map { (.string($0), object[$0] ?? .null) }
    default:
      return nil
    }
  }

  private func evaluateFor(_ expression: HCLForExpression, _ context: TerraformEvaluationContext) -> TerraformValue {
    let collection = evaluate(expression.collection, context)
    if collection.isUnusable { return collection }
    guard let pairs = iterationPairs(collection) else { return .invalid("for needs a collection") }
    var items: [TerraformValue] = []
    var object = TerraformObject()
    var grouped: [String: [TerraformValue]] = [:]
    var groupOrder: [String] = []
    for (key, value) in pairs {
      var inner = context
      if let name = expression.keyVariable { inner.bindings[name] = key }
      inner.bindings[expression.valueVariable] = value
      if let condition = expression.condition {
        let test = evaluate(condition, inner)
        if test.isUnusable { return test }
        guard let flag = test.bool else { return .invalid("the for condition is not a bool") }
        if !flag { continue }
      }
      let result = evaluate(expression.valueExpression, inner)
      if let keyExpression = expression.keyExpression, expression.isObject {
        let keyValue = evaluate(keyExpression, inner)
        if keyValue.isUnusable { return keyValue }
        guard let text = keyValue.string else { return .invalid("a for key must be a string") }
        if expression.isGrouping {
          if grouped[text] == nil { groupOrder.append(text) }
          grouped[text, default: []].append(result)
        } else {
          guard object[text] == nil else { return .invalid("duplicate key \(text) in a for expression") }
          object[text] = result
        }
      } else {
        items.append(result)
      }
      if items.count + object.count + groupOrder.count > Self.maxItems { return .invalid("too many items") }
    }
    guard expression.isObject else { return .list(items) }
    for key in groupOrder { object[key] = .list(grouped[key] ?? []) }
    return .map(object)
  }

  // MARK: Calls

  private func evaluateCall(
    _ name: String, nameSpan: ByteSpan, _ arguments: [HCLExpression], expandsFinalArgument: Bool,
    _ context: TerraformEvaluationContext
  ) -> TerraformValue {
    switch name {
    case "try":
      // The first argument without an error; an unknown one is returned as is (it might still fail).
      for argument in arguments {
        let value = evaluate(argument, context)
        if value.firstUnusable?.isInvalid == true { continue }
        return value
      }
      return .invalid("no argument of try could be evaluated")
    case "can":
      guard arguments.count == 1 else { return .invalid("can needs one argument") }
      let value = evaluate(arguments[0], context)
      if let problem = value.firstUnusable { return problem.isInvalid ? .bool(false) : .unknown }
      return .bool(true)
    default:
      break
    }
    var values = arguments.map { evaluate($0, context) }
    if expandsFinalArgument, let last = values.popLast() {
      if last.isUnusable { return last }
      guard let items = last.list else { return .invalid("... needs a list") }
      values.append(contentsOf: items)
    }
    if let invalid = values.first(where: \.isInvalid) { return invalid }
    guard spend(values.count) else { return .unknown }
    guard var result = TerraformFunctions.call(name, values) else {
      if !reportedFunctions.contains(name) {
        reportedFunctions.insert(name)
        diagnostics.append(
          Diagnostic(
            .note, "the function \(name) is not evaluated; values that use it are unknown", in: context.file,
            at: nameSpan.start))
      }
      return .unknown
    }
    if case .string(let text) = result.kind, text.utf8.count > Self.maxStringBytes {
      return .invalid("the string is too long")
    }
    if let items = result.list, items.count > Self.maxItems { return .invalid("too many items") }
    if values.contains(where: \.containsSensitive) { result.isSensitive = true }
    return result
  }

  // MARK: References

  private func evaluateTraversal(
    root: String, traversers: ArraySlice<HCLTraverser>, _ context: TerraformEvaluationContext
  ) -> TerraformValue {
    if let bound = context.bindings[root] {
      return apply(bound, traversers, context, liveDerived: false)
    }
    let scope = context.scope
    var rest = traversers
    func firstName() -> String? {
      guard case .attribute(let name, _)? = rest.first else { return nil }
      rest = rest.dropFirst()
      return name
    }
    switch root {
    case "var":
      guard let name = firstName() else { return .invalid("var needs a name") }
      guard let value = scope.variables[name] else { return .invalid("no variable \(name)") }
      return apply(value, rest, context, liveDerived: false)
    case "local":
      guard let name = firstName() else { return .invalid("local needs a name") }
      return apply(local(name, in: scope), rest, context, liveDerived: false)
    case "count":
      guard firstName() == "index", let index = context.countIndex else { return .invalid("count.index outside count") }
      return apply(index, rest, context, liveDerived: false)
    case "each":
      let name = firstName()
      guard let value = name == "key" ? context.eachKey : name == "value" ? context.eachValue : nil else {
        return .invalid("each outside for_each")
      }
      return apply(value, rest, context, liveDerived: false)
    case "path":
      guard let name = firstName() else { return .invalid("path needs a name") }
      switch name {
      case "module":
        return apply(
          .string(scope.definition.directory.isEmpty ? "." : scope.definition.directory), rest, context,
          liveDerived: false)
      case "root", "cwd": return apply(.string("."), rest, context, liveDerived: false)
      default: return .invalid("unknown path.\(name)")
      }
    case "terraform":
      guard firstName() == "workspace" else { return .unknown }
      return apply(.string("default"), rest, context, liveDerived: false)
    case "self":
      return .unknown
    case "module":
      guard let name = firstName() else { return .invalid("module needs a name") }
      return moduleReference(name, rest: rest, context)
    case "data":
      guard let type = firstName(), let name = firstName() else { return .invalid("data needs a type and a name") }
      return apply(resourceValue(mode: "data", type: type, name: name, in: scope), rest, context, liveDerived: true)
    default:
      guard let name = firstName() else { return .invalid("unknown name \(root)") }
      return apply(resourceValue(mode: "managed", type: root, name: name, in: scope), rest, context, liveDerived: true)
    }
  }

  /// Applies attribute and index steps. Inside a live value a missing attribute is unknown (the state
  /// may not have it), elsewhere it is an error.
  func apply(
    _ base: TerraformValue, _ traversers: ArraySlice<HCLTraverser>, _ context: TerraformEvaluationContext,
    liveDerived: Bool
  ) -> TerraformValue {
    var current = base
    var sensitive = base.isSensitive
    var index = traversers.startIndex
    while index < traversers.endIndex {
      if current.isUnusable { return current }
      let missing: TerraformValue = liveDerived ? .unknown : .invalid("no such attribute or element")
      switch traversers[index] {
      case .attribute(let name, _):
        current = current.object?[name] ?? missing
      case .index(let keyExpression, _):
        let key = evaluate(keyExpression, context)
        if key.isUnusable { return key }
        current = Self.element(of: current, at: key) ?? missing
      case .legacyIndex(let position, _):
        current = Self.element(of: current, at: .int(position)) ?? missing
      case .splat:
        if current.isNull { return .list([]) }
        let items = current.list ?? [current]
        let rest = traversers[(index + 1)...]
        return .list(items.map { apply($0, rest, context, liveDerived: liveDerived) })
      }
      sensitive = sensitive || current.isSensitive
      index += 1
    }
    if sensitive { current.isSensitive = true }
    return current
  }

  static func element(of collection: TerraformValue, at key: TerraformValue) -> TerraformValue? {
    switch collection.kind {
    case .list(let items):
      guard let number = key.number, let position = number.integer, position >= 0, position < items.count else {
        return nil
      }
      return items[Int(position)]
    case .map(let object):
      guard let name = key.string else { return nil }
      return object[name]
    default:
      return nil
    }
  }

  // MARK: Locals, outputs, resources, modules

  func local(_ name: String, in scope: TerraformModuleScope) -> TerraformValue {
    if let value = scope.locals[name] { return value }
    guard let declaration = scope.definition.locals[name] else { return .invalid("no local \(name)") }
    let marker = "local." + name
    guard !scope.inProgress.contains(marker) else { return .invalid("local.\(name) refers to itself") }
    scope.inProgress.insert(marker)
    let value = evaluate(declaration.item.expression, TerraformEvaluationContext(scope: scope, file: declaration.file))
    scope.inProgress.remove(marker)
    scope.locals[name] = value
    return value
  }

  func output(_ name: String, in scope: TerraformModuleScope) -> TerraformValue {
    if let value = scope.outputs[name] { return value }
    guard let declaration = scope.definition.outputs[name],
      let expression = declaration.item.body.attribute(named: "value")?.expression
    else { return .invalid("no output \(name)") }
    let marker = "output." + name
    guard !scope.inProgress.contains(marker) else { return .invalid("output \(name) refers to itself") }
    scope.inProgress.insert(marker)
    let value = evaluate(expression, TerraformEvaluationContext(scope: scope, file: declaration.file))
    scope.inProgress.remove(marker)
    scope.outputs[name] = value
    return value
  }

  /// All outputs of a module instance as an object.
  private func outputsObject(_ scope: TerraformModuleScope) -> TerraformValue {
    var object = TerraformObject()
    for name in scope.definition.outputs.keys.sorted() { object[name] = output(name, in: scope) }
    return .map(object)
  }

  private func moduleReference(
    _ name: String, rest: ArraySlice<HCLTraverser>, _ context: TerraformEvaluationContext
  ) -> TerraformValue {
    guard case .scopes(let expansion, let scopes) = children(name, of: context.scope) else {
      return context.scope.definition.moduleCall(name) == nil ? .invalid("no module \(name)") : .unknown
    }
    switch expansion {
    case .single:
      guard let child = scopes.first else { return .unknown }
      if case .attribute(let output, _)? = rest.first {
        return apply(self.output(output, in: child), rest.dropFirst(), context, liveDerived: false)
      }
      return apply(outputsObject(child), rest, context, liveDerived: false)
    case .count:
      return apply(.list(scopes.map(outputsObject)), rest, context, liveDerived: false)
    case .forEach(let pairs):
      var object = TerraformObject()
      for (pair, child) in zip(pairs, scopes) { object[pair.key] = outputsObject(child) }
      return apply(.map(object), rest, context, liveDerived: false)
    case .unknown:
      return .unknown
    }
  }

  /// The live value of an instance, or unknown.
  private func liveValue(_ address: String) -> TerraformValue {
    guard let value = live?(address) else { return .unknown }
    return TerraformValue(live: value)
  }

  /// A resource as a value: one instance's live attributes, a list of them (`count`) or a map of them
  /// (`for_each`).
  private func resourceValue(mode: String, type: String, name: String, in scope: TerraformModuleScope)
    -> TerraformValue
  {
    let localAddress = mode == "data" ? "data.\(type).\(name)" : "\(type).\(name)"
    guard let declaration = scope.definition.resource(localAddress) else {
      return liveValue(scope.prefix + localAddress)
    }
    let address = scope.prefix + localAddress
    switch expansion(of: declaration, in: scope) {
    case .single: return liveValue(address)
    case .count(let count):
      return .list((0..<count).map { liveValue(address + TerraformInstanceKey.index($0).addressSuffix) })
    case .forEach(let pairs):
      var object = TerraformObject()
      for pair in pairs { object[pair.key] = liveValue(address + TerraformInstanceKey.key(pair.key).addressSuffix) }
      return .map(object)
    case .unknown: return .unknown
    }
  }

  /// How a resource expands, computed once per module instance.
  func expansion(of declaration: TerraformResourceDeclaration, in scope: TerraformModuleScope) -> TerraformExpansion {
    if let known = scope.expansions[declaration.localAddress] { return known }
    let marker = "resource." + declaration.localAddress
    guard !scope.inProgress.contains(marker) else { return .unknown }
    scope.inProgress.insert(marker)
    let context = TerraformEvaluationContext(scope: scope, file: declaration.file)
    let result = expansion(
      count: declaration.count, forEach: declaration.forEach, context,
      what: scope.prefix + declaration.localAddress, at: declaration.block.span.start)
    scope.inProgress.remove(marker)
    scope.expansions[declaration.localAddress] = result
    return result
  }

  /// Evaluates `count` or `for_each`; warns when they cannot be known.
  func expansion(
    count: HCLExpression?, forEach: HCLExpression?, _ context: TerraformEvaluationContext, what: String, at offset: Int
  ) -> TerraformExpansion {
    func unknown(_ reason: String) -> TerraformExpansion {
      diagnostics.append(
        Diagnostic(.warning, "\(what): \(reason); its instances are not known", in: context.file, at: offset))
      return .unknown
    }
    if let count {
      let value = evaluate(count, context)
      guard let number = value.number, !value.isUnusable else { return unknown("the count cannot be evaluated") }
      guard let integer = number.integer, integer >= 0, integer <= Self.maxCount else {
        return unknown("the count \(number.text) is not a whole number up to \(Self.maxCount)")
      }
      return .count(Int(integer))
    }
    if let forEach {
      let value = evaluate(forEach, context)
      if value.containsUnusable { return unknown("the for_each value cannot be evaluated") }
      switch value.kind {
      case .map(let object):
        guard object.count <= Self.maxCount else { return unknown("the for_each map is too large") }
        return .forEach(object.sortedKeys.map { ($0, object[$0] ?? .null) })
      case .list(let items):
        var keys: Set<String> = []
        for item in items {
          guard let text = item.string, !item.isNull else { return unknown("for_each needs a set of strings") }
          keys.insert(text)
        }
        guard keys.count <= Self.maxCount else { return unknown("the for_each set is too large") }
        return .forEach(keys.sorted().map { ($0, TerraformValue.string($0)) })
      default:
        return unknown("for_each needs a map or a set of strings")
      }
    }
    return .single
  }

  /// The instances of a module call, created once per module instance.
  func children(_ name: String, of scope: TerraformModuleScope) -> TerraformModuleChildren {
    if let known = scope.children[name] { return known }
    let marker = "module." + name
    guard let call = scope.definition.moduleCall(name), let directory = call.directory,
      let definition = definitions[directory], scope.depth < TerraformModuleLoader.maxModuleDepth,
      !scope.inProgress.contains(marker)
    else { return .unavailable }
    scope.inProgress.insert(marker)
    defer { scope.inProgress.remove(marker) }
    let context = TerraformEvaluationContext(scope: scope, file: call.file)
    let body = call.block.body
    let expansion = expansion(
      count: body.attribute(named: "count")?.expression, forEach: body.attribute(named: "for_each")?.expression,
      context, what: scope.prefix + "module." + name, at: call.block.span.start)
    guard let instances = expansion.instances else {
      scope.children[name] = .unavailable
      return .unavailable
    }
    var scopes: [TerraformModuleScope] = []
    for (key, each) in instances {
      let child = TerraformModuleScope(
        definition: definition, address: scope.prefix + "module." + name + (key?.addressSuffix ?? ""),
        configAddress: (scope.configAddress.isEmpty ? "" : scope.configAddress + ".") + "module." + name,
        depth: scope.depth + 1, isShared: scope.isShared || key != nil)
      var inner = context
      if case .index(let index)? = key { inner.countIndex = .int(index) }
      if case .key(let text)? = key {
        inner.eachKey = .string(text)
        inner.eachValue = each
      }
      var inputs: [String: TerraformValue] = [:]
      for attribute in body.attributes where !Self.moduleMetaArguments.contains(attribute.name) {
        inputs[attribute.name] = evaluate(attribute.expression, inner)
      }
      assignVariables(of: child, inputs: inputs, assignments: [:])
      scopes.append(child)
    }
    let result = TerraformModuleChildren.scopes(expansion, scopes)
    scope.children[name] = result
    return result
  }

  static let moduleMetaArguments: Set<String> = ["source", "version", "count", "for_each", "providers", "depends_on"]

  // MARK: Variables

  /// Sets the variables of a module instance: from module inputs, `.tfvars` assignments (root only) or the
  /// declared default; a variable without a value is unknown.
  func assignVariables(
    of scope: TerraformModuleScope, inputs: [String: TerraformValue],
    assignments: [String: (attribute: HCLAttribute, file: SourceFile, via: String)]
  ) {
    for (name, declaration) in scope.definition.variables.sorted(by: { $0.key < $1.key }) {
      let body = declaration.item.body
      let isSensitive = body.attribute(named: "sensitive")?.expression.literalValue == .bool(true)
      if isSensitive {
        sensitiveVariables.insert((scope.configAddress.isEmpty ? "" : scope.configAddress + ".") + name)
      }
      var value: TerraformValue
      if let input = inputs[name] {
        value = input
      } else if let assignment = assignments[name] {
        let context = TerraformEvaluationContext(scope: scope, file: assignment.file)
        value = Self.fromVariable(
          evaluate(assignment.attribute.expression, context), name: name, via: assignment.via)
      } else if let defaultValue = body.attribute(named: "default")?.expression {
        let context = TerraformEvaluationContext(scope: scope, file: declaration.file)
        value = Self.fromVariable(evaluate(defaultValue, context), name: name, via: "default")
      } else {
        value = .unknown
      }
      if isSensitive { value.isSensitive = true }
      scope.variables[name] = value
    }
  }

  /// Re-labels the origins of a value written where a variable gets its value.
  static func fromVariable(_ value: TerraformValue, name: String, via: String) -> TerraformValue {
    var value = value
    switch value.origin {
    case .literal(let file, let span)?, .expression(_, let file, let span)?:
      value.origin = .variable(name: name, file: file, span: span, via: via)
    default: break
    }
    switch value.kind {
    case .list(let items): value.kind = .list(items.map { fromVariable($0, name: name, via: via) })
    case .map(var object):
      for key in object.keys { object[key] = object[key].map { fromVariable($0, name: name, via: via) } }
      value.kind = .map(object)
    default: break
    }
    return value
  }
}
