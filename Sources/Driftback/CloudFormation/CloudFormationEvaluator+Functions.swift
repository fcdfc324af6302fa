import DriftbackSyntax

extension CloudFormationEvaluator.Evaluation {
  typealias Intermediate = CloudFormationIntermediate

  /// Calls the intrinsic function `key` with its argument as written.
  func function(_ key: String, _ argument: Value, at: Int) -> Intermediate {
    switch key {
    case "Ref": return ref(argument, at: at)
    case "Fn::GetAtt": return getAtt(argument, at: at)
    case "Fn::Sub": return sub(argument, at: at)
    case "Fn::Join": return join(argument, at: at)
    case "Fn::Select": return select(argument, at: at)
    case "Fn::Split": return split(argument, at: at)
    case "Fn::FindInMap": return findInMap(argument, at: at)
    case "Fn::If": return ifFunction(argument, at: at)
    case "Fn::Base64": return base64(argument, at: at)
    case "Fn::Length", "Fn::ToJsonString": return languageExtension(key, argument, at: at)
    case "Fn::GetAZs", "Fn::ImportValue":
      let value = evaluate(argument, near: at)
      // A bare `!GetAZs` (null) means the stack's region, as `""` does.
      let isRegion = key == "Fn::GetAZs" && argument.isNull
      if !value.isUnknown, value.scalarText == nil, !isRegion {
        error("\(display(key)) takes a string, not \(value.kindName)", at: argument.span?.start ?? at)
      }
      return .unknown
    case "Fn::Cidr":
      if let items = arguments(key, argument, count: 3...3, at: at) {
        for item in items { _ = evaluate(item, near: at) }
      }
      return .unknown
    case "Fn::Transform":
      // One macro (`{Name, Parameters}`) or a list of them.
      let macros = argument.list ?? [argument]
      if macros.isEmpty || macros.contains(where: { $0.map?["Name"]?.string == nil }) {
        error("\(display(key)) takes a map with the macro's Name and its Parameters", at: argument.span?.start ?? at)
      }
      return .unknown
    case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not":
      error("\(display(key)) can only be used in Conditions", at: at)
      return .unknown
    default:
      error("unknown intrinsic function '\(key)'", at: at)
      return .unknown
    }
  }

  /// The items of an argument list with a count in `count`; `nil` after an error.
  func arguments(_ key: String, _ argument: Value, count: ClosedRange<Int>, at: Int) -> [Value]? {
    guard let items = argument.list, count.contains(items.count) else {
      let expected =
        count.lowerBound == count.upperBound
        ? "\(count.lowerBound) arguments" : "\(count.lowerBound) to \(count.upperBound) arguments"
      let found = argument.list.map { "\($0.count)" } ?? "not a list"
      error("\(display(key)) takes a list of \(expected) (found \(found))", at: argument.span?.start ?? at)
      return nil
    }
    return items
  }

  // MARK: - Unknown at deploy time

  /// `Fn::GetAtt`: always unknown, but the resource must exist.
  func getAtt(_ argument: Value, at: Int) -> Intermediate {
    var resource: String?
    var attribute: Value?
    if let text = argument.string, let dot = text.firstIndex(of: ".") {
      resource = String(text[..<dot])
      attribute = .string(String(text[text.index(after: dot)...]))
    } else if let items = argument.list, items.count == 2 {
      resource = items[0].string
      attribute = items[1]
    }
    guard let resource, !resource.isEmpty, let attribute else {
      error(
        "\(display("Fn::GetAtt")) takes [resource, attribute] or \"resource.attribute\"", at: argument.span?.start ?? at
      )
      return .unknown
    }
    let name = evaluate(attribute, near: at)
    guard resourceNames.contains(resource) else {
      // An attribute name from a NoEcho parameter is never quoted in a message.
      let shown = resource + "." + (name.containsSensitive ? "(a NoEcho value)" : (name.scalarText ?? "…"))
      error(
        "unresolvable \(display("Fn::GetAtt")) \(shown): there is no resource '\(resource)' in the template",
        at: argument.span?.start ?? at)
      return .unknown
    }
    if !name.isUnknown, name.scalarText == nil {
      error("the attribute of \(display("Fn::GetAtt")) must be a string", at: attribute.span?.start ?? at)
    }
    return .unknown
  }

  // MARK: - Strings

  /// `Fn::Sub`: `"text"` or `["text", {variables}]`.
  func sub(_ argument: Value, at: Int) -> Intermediate {
    var template: Value = argument
    var variables: [String: Intermediate] = [:]
    if let items = argument.list {
      guard items.count == 2, let map = items[1].map else {
        error("\(display("Fn::Sub")) takes a string or [string, {variables}]", at: argument.span?.start ?? at)
        return .unknown
      }
      template = items[0]
      for entry in map.entries {
        variables[entry.key] = evaluate(entry.value, near: entry.keySpan?.start ?? at)
      }
    }
    guard let text = template.string else {
      error("\(display("Fn::Sub")) takes a string or [string, {variables}]", at: template.span?.start ?? at)
      return .unknown
    }
    let at = template.span?.start ?? at
    var inputs: [Intermediate] = []
    var isKnown = true
    var out = ""
    var rest = text[...]
    while let open = rest.firstRange(of: "${") {
      out += rest[..<open.lowerBound]
      let afterOpen = rest[open.upperBound...]
      guard let close = afterOpen.firstIndex(of: "}") else {
        out += rest[open.lowerBound...]
        rest = rest[rest.endIndex...]
        break
      }
      let content = afterOpen[..<close]
      rest = afterOpen[afterOpen.index(after: close)...]
      if content.first == "!" {
        out += "${" + content.dropFirst() + "}"
        continue
      }
      let name = content.trimmingSpaces
      let value: Intermediate
      if let variable = variables[name] {
        value = variable
      } else if let dot = name.firstIndex(of: "."), !parameterNames.contains(name) {
        let resource = String(name[..<dot])
        if !resourceNames.contains(resource) {
          error(
            "unresolvable \(display("Fn::Sub")) variable ${\(name)}: there is no resource '\(resource)' in the template",
            at: at)
        }
        value = .unknown
      } else {
        value = reference(name, at: at, by: display("Fn::Sub") + " ${\(name)}") ?? .unknown
      }
      inputs.append(value)
      if value.isUnknown {
        isKnown = false
      } else if let scalar = value.scalarText {
        out += scalar
      } else {
        error("\(display("Fn::Sub")) cannot insert ${\(name)}: it is \(value.kindName), not a string", at: at)
        isKnown = false
      }
    }
    out += rest
    guard isKnown else { return .unknown }
    return .computed(.string(out), function: "Fn::Sub", from: inputs)
  }

  /// `Fn::Join`: `[delimiter, [items]]`.
  func join(_ argument: Value, at: Int) -> Intermediate {
    guard let items = arguments("Fn::Join", argument, count: 2...2, at: at) else { return .unknown }
    let delimiter = evaluate(items[0], near: at)
    let list = evaluate(items[1], near: at)
    if delimiter.isUnknown || list.isUnknown { return .unknown }
    guard let separator = delimiter.string else {
      error("the delimiter of \(display("Fn::Join")) must be a string", at: items[0].span?.start ?? at)
      return .unknown
    }
    guard let values = list.items else {
      error("\(display("Fn::Join")) joins a list, not \(list.kindName)", at: items[1].span?.start ?? at)
      return .unknown
    }
    var parts: [String] = []
    for value in values {
      if value.isUnknown { return .unknown }
      guard let text = value.scalarText else {
        error("\(display("Fn::Join")) joins strings, not \(value.kindName)", at: items[1].span?.start ?? at)
        return .unknown
      }
      parts.append(text)
    }
    return .computed(.string(parts.joined(separator: separator)), function: "Fn::Join", from: [list])
  }

  /// `Fn::Split`: `[delimiter, text]`.
  func split(_ argument: Value, at: Int) -> Intermediate {
    guard let items = arguments("Fn::Split", argument, count: 2...2, at: at) else { return .unknown }
    let delimiter = evaluate(items[0], near: at)
    let source = evaluate(items[1], near: at)
    if delimiter.isUnknown || source.isUnknown { return .unknown }
    guard let separator = delimiter.string, !separator.isEmpty else {
      error("the delimiter of \(display("Fn::Split")) must be a non-empty string", at: items[0].span?.start ?? at)
      return .unknown
    }
    guard let text = source.scalarText else {
      error("\(display("Fn::Split")) splits a string, not \(source.kindName)", at: items[1].span?.start ?? at)
      return .unknown
    }
    let parts = text.split(separator: separator, omittingEmptySubsequences: false).map {
      Intermediate(.string(String($0)))
    }
    return .computed(.list(parts), function: "Fn::Split", from: [source])
  }

  /// `Fn::Select`: `[index, list]`; the index may be a number or a string.
  func select(_ argument: Value, at: Int) -> Intermediate {
    guard let items = arguments("Fn::Select", argument, count: 2...2, at: at) else { return .unknown }
    let indexValue = evaluate(items[0], near: at)
    let list = evaluate(items[1], near: at)
    if indexValue.isUnknown || list.isUnknown { return .unknown }
    guard let text = indexValue.scalarText, let index = Int(text), index >= 0 else {
      error("the index of \(display("Fn::Select")) must be a whole number ≥ 0", at: items[0].span?.start ?? at)
      return .unknown
    }
    guard let values = list.items else {
      error("\(display("Fn::Select")) selects from a list, not \(list.kindName)", at: items[1].span?.start ?? at)
      return .unknown
    }
    // An unknown item may turn out to be AWS::NoValue and shift the ones after it.
    if values.prefix(min(index, values.count - 1) + 1).contains(where: \.isUnknown) { return .unknown }
    guard index < values.count else {
      if !values.contains(where: \.isUnknown) {
        deployError(
          "\(display("Fn::Select")) index \(index) is out of range for a list of \(values.count)",
          at: items[0].span?.start ?? at)
      }
      return .unknown
    }
    var selected = values[index].produced(by: "Fn::Select")
    if indexValue.containsSensitive || list.isSensitive { selected.isSensitive = true }
    return selected
  }

  /// `Fn::Base64` of a known string.
  func base64(_ argument: Value, at: Int) -> Intermediate {
    let value = evaluate(argument, near: at)
    if value.isUnknown { return .unknown }
    guard let text = value.scalarText else {
      error("\(display("Fn::Base64")) encodes a string, not \(value.kindName)", at: argument.span?.start ?? at)
      return .unknown
    }
    return .computed(.string(Base64.encode(Array(text.utf8))), function: "Fn::Base64", from: [value])
  }

  /// `Fn::Length` and `Fn::ToJsonString` (`AWS::LanguageExtensions`).
  func languageExtension(_ key: String, _ argument: Value, at: Int) -> Intermediate {
    let value = evaluate(argument, near: at)
    guard usesLanguageExtensions else {
      error("\(display(key)) needs Transform: AWS::LanguageExtensions", at: at)
      return .unknown
    }
    if value.isUnknown { return .unknown }
    if key == "Fn::Length" {
      guard let items = value.items else {
        error("\(display(key)) counts a list, not \(value.kindName)", at: argument.span?.start ?? at)
        return .unknown
      }
      if items.contains(where: \.isUnknown) { return .unknown }
      return .computed(.number(Number(items.count)), function: key, from: [value])
    }
    guard value.items != nil || { if case .map = value.kind { true } else { false } }() else {
      error("\(display(key)) takes a map or a list, not \(value.kindName)", at: argument.span?.start ?? at)
      return .unknown
    }
    guard let text = value.jsonText else { return .unknown }
    return .computed(.string(text), function: key, from: [value])
  }

  // MARK: - Mappings and conditions

  /// `Fn::FindInMap`: `[map, top-level key, second-level key]`, plus `{DefaultValue: …}` under
  /// `AWS::LanguageExtensions`.
  func findInMap(_ argument: Value, at: Int) -> Intermediate {
    let count = usesLanguageExtensions ? 3...4 : 3...3
    guard let items = arguments("Fn::FindInMap", argument, count: count, at: at) else { return .unknown }
    var defaultValue: Intermediate?
    if items.count == 4 {
      guard let map = items[3].map, map.count == 1, let value = map["DefaultValue"] else {
        error(
          "the fourth argument of \(display("Fn::FindInMap")) must be {DefaultValue: …}", at: items[3].span?.start ?? at
        )
        return .unknown
      }
      defaultValue = evaluate(value, near: at)
    }
    let keys = items.prefix(3).map { evaluate($0, near: at) }
    // A key that comes from a NoEcho parameter is never quoted in a message.
    func shown(_ index: Int, _ name: String) -> String {
      keys[index].containsSensitive ? "(a NoEcho value)" : "'\(name)'"
    }
    var names: [String?] = []
    for (index, key) in keys.enumerated() {
      if key.isUnknown {
        names.append(nil)
      } else if let text = key.scalarText {
        names.append(text)
      } else {
        error(
          "the keys of \(display("Fn::FindInMap")) must be strings, not \(key.kindName)",
          at: items[index].span?.start ?? at)
        return .unknown
      }
    }
    // A missing mapping is certain as soon as its name is known; a missing key needs every name known.
    func missing(_ message: String, at offset: Int?) -> Intermediate {
      if let defaultValue { return defaultValue.produced(by: "Fn::FindInMap") }
      deployError(message, at: offset ?? at)
      return .unknown
    }
    guard let mapName = names[0] else { return .unknown }
    guard let mapping = mappings[mapName] else {
      return missing(
        "\(display("Fn::FindInMap")): there is no mapping \(shown(0, mapName)) in Mappings", at: items[0].span?.start)
    }
    guard let topName = names[1], let secondName = names[2] else { return .unknown }
    guard let top = mapping[topName] else {
      return missing(
        "\(display("Fn::FindInMap")): mapping \(shown(0, mapName)) has no key \(shown(1, topName))",
        at: items[1].span?.start)
    }
    guard let value = top[secondName] else {
      return missing(
        "\(display("Fn::FindInMap")): mapping \(shown(0, mapName)) has no key \(shown(2, secondName)) under "
          + shown(1, topName),
        at: items[2].span?.start)
    }
    var result = Intermediate(literal: value).produced(by: "Fn::FindInMap")
    if keys.contains(where: \.containsSensitive) { result.isSensitive = true }
    return result
  }

  /// `Fn::If`: `[condition, value if true, value if false]`; unknown when the condition cannot be decided.
  func ifFunction(_ argument: Value, at: Int) -> Intermediate {
    guard let items = arguments("Fn::If", argument, count: 3...3, at: at) else { return .unknown }
    guard let name = items[0].string else {
      error("the first argument of \(display("Fn::If")) must be a condition name", at: items[0].span?.start ?? at)
      return .unknown
    }
    let decision = condition(name, at: items[0].span?.start ?? at)
    // Both branches are checked; only the one taken is evaluated as CloudFormation would at deploy time.
    if decision != true { speculative += 1 }
    let whenTrue = evaluate(items[1], near: at)
    if decision != true { speculative -= 1 }
    if decision != false { speculative += 1 }
    let whenFalse = evaluate(items[2], near: at)
    if decision != false { speculative -= 1 }
    guard let decision else { return .unknown }
    return (decision ? whenTrue : whenFalse).produced(by: "Fn::If")
  }
}

extension Substring {
  /// The text without leading and trailing spaces.
  fileprivate var trimmingSpaces: String {
    var slice = self
    while slice.first == " " { slice = slice.dropFirst() }
    while slice.last == " " { slice = slice.dropLast() }
    return String(slice)
  }
}
