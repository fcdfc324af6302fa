import DriftbackSyntax

extension CloudFormationEvaluator.Evaluation {
  /// The value of a declared condition, memoised: `nil` when it cannot be decided, is not declared or is
  /// circular (the last two with an error).
  func condition(_ name: String, at: Int) -> Bool? {
    if let known = conditionValues[name] { return known }
    guard let declaration = conditionDeclarations.entry(name) else {
      error("condition '\(name)' is not declared in Conditions", at: at)
      return nil
    }
    if let start = conditionStack.firstIndex(of: name) {
      let cycle = (conditionStack[start...] + [name]).joined(separator: " → ")
      error("condition '\(name)' depends on itself: \(cycle)", at: at)
      return nil
    }
    guard conditionStack.count < Self.maxDepth else {
      error("conditions refer to each other too deeply", at: at)
      return nil
    }
    conditionStack.append(name)
    let value = decide(declaration.value, near: declaration.keySpan?.start ?? at)
    conditionStack.removeLast()
    conditionValues[name] = value
    return value
  }

  /// The value of a condition function: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not` or `Condition`.
  func decide(_ value: Value, near: Int) -> Bool? {
    let at = value.span?.start ?? near
    guard let map = value.map, map.count == 1, let entry = map.entries.first else {
      error("a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition", at: at)
      return nil
    }
    let argument = entry.value
    switch entry.key {
    case "Condition":
      guard let name = argument.string else {
        error("\(display("Condition")) takes a condition name", at: argument.span?.start ?? at)
        return nil
      }
      return condition(name, at: argument.span?.start ?? at)
    case "Fn::Equals":
      guard let items = arguments(entry.key, argument, count: 2...2, at: at) else { return nil }
      let left = evaluate(items[0], near: at)
      let right = evaluate(items[1], near: at)
      guard let leftKey = left.comparisonKey, let rightKey = right.comparisonKey else { return nil }
      return leftKey == rightKey
    case "Fn::Not":
      guard let items = arguments(entry.key, argument, count: 1...1, at: at) else { return nil }
      return decide(items[0], near: at).map { !$0 }
    case "Fn::And", "Fn::Or":
      guard let items = arguments(entry.key, argument, count: 2...10, at: at) else { return nil }
      let values = items.map { decide($0, near: at) }
      let decisive = entry.key == "Fn::Or"
      if values.contains(decisive) { return decisive }
      return values.contains(nil) ? nil : !decisive
    default:
      error(
        "\(display(entry.key)) is not a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition)", at: at)
      return nil
    }
  }
}
