public import DriftbackSyntax

/// Evaluates a template's resources statically: the intrinsic functions whose answer is known before a
/// deployment are replaced by their values, and every other value is left out and listed as unknown.
///
/// Known: `Ref` to a parameter (the parameters file's value, else its `Default`; `CommaDelimitedList` and
/// `List<…>` parameters are split on commas and their items trimmed of spaces; every other type stays the
/// text CloudFormation receives, so a `Number` parameter gives a string), `Ref` to a pseudo parameter that was
/// given (`AWS::StackName` also from `stackName`, `AWS::URLSuffix` also from a known `AWS::Partition`),
/// `AWS::NoValue` (removes its key or list item), `Fn::Sub`, `Fn::FindInMap` (with a `DefaultValue` under
/// `AWS::LanguageExtensions`), `Fn::If` on a condition that can be decided, `Fn::Join`, `Fn::Select`,
/// `Fn::Split`, `Fn::Base64`, and `Fn::Length` and `Fn::ToJsonString` under `AWS::LanguageExtensions`.
///
/// Unknown: `Ref` to a resource, `Fn::GetAtt`, `Fn::ImportValue`, `Fn::GetAZs`, `Fn::Cidr`, `Fn::Transform`,
/// pseudo parameters that were not given, parameters with no value (no `Default`, `UsePreviousValue`, SSM
/// parameter types), strings holding a dynamic reference (`{{resolve:…}}`), and anything built from an unknown.
public struct CloudFormationEvaluator: Sendable {
  /// The parameters file the stack is deployed with.
  public var parameters: CloudFormationParameterFile?
  /// Pseudo parameter values by full name (`AWS::Region`, `AWS::AccountId`, `AWS::Partition`, …).
  public var pseudoParameters: [String: String]
  /// The stack name, the value of `AWS::StackName` unless ``pseudoParameters`` gives one.
  public var stackName: String?
  /// What `Ref` to a resource returns, by logical id, when the capture tells (its physical id); other
  /// resources are unknown.
  public var resourceReferences: [String: String]

  /// Creates an evaluator.
  /// - Parameters:
  ///   - parameters: the parameters file, if any.
  ///   - pseudoParameters: pseudo parameter values by full name (`AWS::Region`).
  ///   - stackName: the stack name, for `AWS::StackName`.
  public init(
    parameters: CloudFormationParameterFile? = nil, pseudoParameters: [String: String] = [:], stackName: String? = nil,
    resourceReferences: [String: String] = [:]
  ) {
    self.parameters = parameters
    self.pseudoParameters = pseudoParameters
    self.stackName = stackName
    self.resourceReferences = resourceReferences
  }

  /// Evaluates every resource.
  /// - Parameter template: the template, intrinsics in long form.
  /// - Returns: the resources in template order; the number of unknown values (unknown paths of the resources
  ///   that may be created); and diagnostics: warnings for parameters in the file that the template does not
  ///   declare, errors for malformed intrinsics (wrong arguments, `Ref` to an undeclared name, `Fn::GetAtt` to an
  ///   undeclared resource, `Fn::FindInMap` to a missing key when all its arguments are known, undeclared or
  ///   circular conditions), with positions.
  public func evaluate(_ template: CloudFormationTemplate) -> (
    resources: [CloudFormationEvaluatedResource], unknownValues: Int, diagnostics: [Diagnostic]
  ) {
    evaluate(root: template.root, file: template.file, shortForms: template.format == .yaml)
  }

  /// Evaluates the template `root` read from `file`; `shortForms` names functions `!Sub` rather than `Fn::Sub`
  /// in messages.
  func evaluate(root: Value, file: SourceFile, shortForms: Bool) -> (
    resources: [CloudFormationEvaluatedResource], unknownValues: Int, diagnostics: [Diagnostic]
  ) {
    var pseudo = pseudoParameters
    if pseudo["AWS::StackName"] == nil, let stackName { pseudo["AWS::StackName"] = stackName }
    if pseudo["AWS::URLSuffix"] == nil, let partition = pseudo["AWS::Partition"] {
      pseudo["AWS::URLSuffix"] = Self.urlSuffixes[partition]
    }
    let evaluation = Evaluation(
      root: root, file: file, parameterFile: parameters, pseudoParameters: pseudo, shortForms: shortForms)
    evaluation.resourceReferences = resourceReferences
    return evaluation.run()
  }

  /// `AWS::URLSuffix` by partition.
  static let urlSuffixes = ["aws": "amazonaws.com", "aws-us-gov": "amazonaws.com", "aws-cn": "amazonaws.com.cn"]
}

// MARK: - Evaluation

extension CloudFormationEvaluator {
  /// The state of one evaluation: the template's sections, memoised parameter and condition values, and the
  /// diagnostics found so far.
  final class Evaluation {
    /// Nesting depth beyond which a value is unknown (the parsers already bound nesting; conditions that refer
    /// to conditions are bounded here).
    static let maxDepth = 200
    /// The pseudo parameters CloudFormation defines.
    static let pseudoParameterNames: Set<String> = [
      "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId",
      "AWS::StackName", "AWS::URLSuffix",
    ]

    let root: Value
    let file: SourceFile
    let parameterFile: CloudFormationParameterFile?
    let pseudoParameters: [String: String]
    let shortForms: Bool
    let parameterDeclarations: ValueMap
    let mappings: ValueMap
    let conditionDeclarations: ValueMap
    let resourceDeclarations: ValueMap
    /// The declared names, for the membership tests of every `Ref`, `Fn::Sub` and `Fn::GetAtt` (a `ValueMap`
    /// is searched in order).
    let parameterNames: Set<String>
    let resourceNames: Set<String>
    let usesLanguageExtensions: Bool
    var diagnostics: [Diagnostic] = []
    var resourceReferences: [String: String] = [:]
    var parameterValues: [String: CloudFormationIntermediate] = [:]
    var conditionValues: [String: Bool?] = [:]
    /// Conditions being decided, in order, to catch cycles.
    var conditionStack: [String] = []
    var depth = 0
    /// Above zero while evaluating what CloudFormation would not evaluate at deploy time (the branch of an
    /// `Fn::If` that is not taken, a resource that is not created): errors that only show at deploy time,
    /// such as a missing mapping key, are not reported there.
    var speculative = 0

    init(
      root: Value, file: SourceFile, parameterFile: CloudFormationParameterFile?, pseudoParameters: [String: String],
      shortForms: Bool
    ) {
      self.root = root
      self.file = file
      self.parameterFile = parameterFile
      self.pseudoParameters = pseudoParameters
      self.shortForms = shortForms
      parameterDeclarations = root["Parameters"]?.map ?? ValueMap()
      mappings = root["Mappings"]?.map ?? ValueMap()
      conditionDeclarations = root["Conditions"]?.map ?? ValueMap()
      resourceDeclarations = root["Resources"]?.map ?? ValueMap()
      parameterNames = Set(parameterDeclarations.keys)
      resourceNames = Set(resourceDeclarations.keys)
      let transform = root["Transform"]
      usesLanguageExtensions =
        transform?.string == "AWS::LanguageExtensions"
        || transform?.list?.contains { $0.string == "AWS::LanguageExtensions" } == true
    }

    // MARK: Run

    func run() -> (resources: [CloudFormationEvaluatedResource], unknownValues: Int, diagnostics: [Diagnostic]) {
      checkParameterFile()
      let start = root.span?.start ?? 0
      for entry in conditionDeclarations.entries {
        _ = condition(entry.key, at: entry.keySpan?.start ?? start)
      }
      var resources: [CloudFormationEvaluatedResource] = []
      var unknownValues = 0
      for entry in resourceDeclarations.entries {
        guard let resource = evaluateResource(entry) else { continue }
        if resource.isCreated != false { unknownValues += resource.unknownPaths.count }
        resources.append(resource)
      }
      evaluateOutputs()
      return (resources, unknownValues, diagnostics)
    }

    /// Names in the parameters file that the template does not declare.
    func checkParameterFile() {
      guard let parameterFile else { return }
      diagnostics += parameterFile.diagnostics
      for entry in parameterFile.entries where !parameterNames.contains(entry.name) {
        diagnostics.append(
          Diagnostic(
            .warning, "the template declares no parameter '\(entry.name)'", in: parameterFile.file,
            at: entry.keySpan.start))
      }
      for name in parameterFile.previousValueNames where !parameterNames.contains(name) {
        diagnostics.append(
          Diagnostic(.warning, "the template declares no parameter '\(name)'", file: parameterFile.file.path))
      }
    }

    func evaluateResource(_ entry: ValueMap.Entry) -> CloudFormationEvaluatedResource? {
      let at = entry.value.span?.start ?? entry.keySpan?.start ?? 0
      if entry.key.hasPrefix("Fn::ForEach::") {
        diagnostics.append(
          Diagnostic(
            .warning, "\(entry.key) is not expanded: the resources it makes are not compared", in: file, at: at))
        return nil
      }
      guard let declaration = entry.value.map else {
        error("resource '\(entry.key)' must be a map", at: at)
        return nil
      }
      guard let type = declaration["Type"]?.string else {
        error("resource '\(entry.key)' has no Type", at: at)
        return nil
      }
      var isCreated: Bool? = true
      if let reference = declaration.entry("Condition") {
        if let name = reference.value.string {
          isCreated = condition(name, at: reference.value.span?.start ?? at)
        } else {
          error("the Condition of a resource must be a condition name", at: reference.value.span?.start ?? at)
          isCreated = nil
        }
      }
      if isCreated == false { speculative += 1 }
      defer { if isCreated == false { speculative -= 1 } }
      var builder = CloudFormationPropertiesBuilder()
      var properties = Value(.map(ValueMap()))
      if let raw = declaration["Properties"] {
        let evaluated = evaluate(raw, near: raw.span?.start ?? at)
        switch evaluated.kind {
        case .map:
          properties =
            builder.convert(evaluated, path: .root, inSensitive: false) ?? Value(.map(ValueMap()), span: raw.span)
        case .unknown:
          builder.unknownPaths.append(.root)
        case .noValue, .null:
          break
        default:
          error("the Properties of '\(entry.key)' must be a map, not \(evaluated.kindName)", at: raw.span?.start ?? at)
        }
      }
      return CloudFormationEvaluatedResource(
        logicalId: entry.key, type: type, properties: properties, unknownPaths: builder.unknownPaths,
        origins: builder.origins, sensitivePaths: builder.sensitivePaths, isCreated: isCreated, span: entry.value.span)
    }

    /// Outputs are not compared, but their intrinsics are checked like those of resources.
    func evaluateOutputs() {
      guard let outputs = root["Outputs"]?.map else { return }
      for entry in outputs.entries {
        let at = entry.value.span?.start ?? entry.keySpan?.start ?? 0
        var isCreated: Bool? = true
        if let name = entry.value["Condition"]?.string { isCreated = condition(name, at: at) }
        if isCreated == false { speculative += 1 }
        for field in entry.value.map?.entries ?? [] where field.key != "Condition" {
          _ = evaluate(field.value, near: field.value.span?.start ?? at)
        }
        if isCreated == false { speculative -= 1 }
      }
    }

    // MARK: Values

    /// The value of a template value: literals as they are, intrinsics evaluated.
    func evaluate(_ value: Value, near: Int) -> CloudFormationIntermediate {
      let at = value.span?.start ?? near
      switch value.kind {
      case .null, .bool, .number:
        return CloudFormationIntermediate(literal: value)
      case .string(let text):
        return Self.isDynamicReference(text) ? .unknown : CloudFormationIntermediate(literal: value)
      case .list(let items):
        return CloudFormationIntermediate(.list(items.map { evaluate($0, near: at) }), span: value.span)
      case .map(let map):
        // An `AWS::LanguageExtensions` loop makes keys that are not expanded here: nothing in the map is known.
        if map.entries.contains(where: { $0.key.hasPrefix("Fn::ForEach::") }) { return .unknown }
        if map.count == 1, let entry = map.entries.first, entry.key == "Ref" || entry.key.hasPrefix("Fn::") {
          guard depth < Self.maxDepth else {
            error("intrinsic functions nest too deeply", at: at)
            return .unknown
          }
          depth += 1
          defer { depth -= 1 }
          let result = function(entry.key, entry.value, at: at)
          if let text = result.scalarText, Self.isDynamicReference(text) { return .unknown }
          return result
        }
        let fields = map.entries.map { entry in
          CloudFormationIntermediate.Field(
            key: entry.key, keySpan: entry.keySpan, value: evaluate(entry.value, near: entry.keySpan?.start ?? at))
        }
        // `Fn::Transform` next to other keys merges a macro's output into the map: nothing in it is known.
        if map.count > 1, map["Fn::Transform"] != nil { return .unknown }
        return CloudFormationIntermediate(.map(fields), span: value.span)
      }
    }

    /// Whether a string holds a dynamic reference, resolved by CloudFormation at deploy time.
    static func isDynamicReference(_ text: String) -> Bool {
      text.contains("{{resolve:")
    }

    // MARK: Ref

    /// `Ref`: a parameter, a pseudo parameter or a resource.
    func ref(_ argument: Value, at: Int) -> CloudFormationIntermediate {
      guard let name = argument.string else {
        error("\(display("Ref")) takes the name of a parameter, a resource or a pseudo parameter", at: at)
        return .unknown
      }
      let at = argument.span?.start ?? at
      return reference(name, at: at, by: display("Ref") + " " + name) ?? .unknown
    }

    /// What a name refers to in `Ref` or `Fn::Sub`; `nil` (after an error) when it refers to nothing.
    func reference(_ name: String, at: Int, by use: String) -> CloudFormationIntermediate? {
      if parameterNames.contains(name) { return parameter(name) }
      if name.hasPrefix("AWS::"), let value = pseudoParameter(name) { return value }
      if resourceNames.contains(name) {
        guard let reference = resourceReferences[name] else { return .unknown }
        return CloudFormationIntermediate(.string(reference), origin: .computed(function: "Ref"))
      }
      error("\(use): '\(name)' is not a parameter, a resource or a pseudo parameter", at: at)
      return nil
    }

    func pseudoParameter(_ name: String) -> CloudFormationIntermediate? {
      if name == "AWS::NoValue" { return .noValue }
      if let text = pseudoParameters[name] {
        let kind: CloudFormationIntermediate.Kind =
          name == "AWS::NotificationARNs"
          ? .list(Self.splitList(text).map { CloudFormationIntermediate(.string($0)) }) : .string(text)
        return CloudFormationIntermediate(kind, origin: .computed(function: "Ref"))
      }
      return Self.pseudoParameterNames.contains(name) ? .unknown : nil
    }

    /// The value of a parameter, memoised (its notes are given once).
    func parameter(_ name: String) -> CloudFormationIntermediate {
      if let value = parameterValues[name] { return value }
      let value = resolveParameter(name)
      parameterValues[name] = value
      return value
    }

    private func resolveParameter(_ name: String) -> CloudFormationIntermediate {
      guard let declarationEntry = parameterDeclarations.entry(name) else { return .unknown }
      let declaration = declarationEntry.value
      let at = declarationEntry.keySpan?.start ?? declaration.span?.start ?? 0
      let type = declaration["Type"]?.string ?? "String"
      if type.hasPrefix("AWS::SSM::Parameter::Value<") { return .unknown }
      if parameterFile?.previousValueNames.contains(name) == true { return .unknown }
      let text: String
      let origin: CloudFormationValueOrigin
      var defaultItems: [String]?
      if let parameterFile, let entry = parameterFile[name] {
        text = entry.value
        origin = .parameter(name: name, file: parameterFile.file.path, span: entry.span)
      } else if let defaultValue = declaration["Default"] {
        origin = .parameter(name: name, file: file.path, span: defaultValue.span)
        if defaultValue.isNull {
          text = ""
        } else if let scalar = defaultValue.scalarText {
          text = scalar
        } else if let items = defaultValue.list?.compactMap(\.scalarText), items.count == defaultValue.list?.count {
          // A YAML list as the Default of a list parameter: CloudFormation reads it as the joined text.
          text = items.joined(separator: ",")
          defaultItems = items
        } else {
          error("the Default of parameter '\(name)' must be a string", at: defaultValue.span?.start ?? at)
          return .unknown
        }
      } else {
        diagnostics.append(
          Diagnostic(
            .note,
            "parameter '\(name)' has no Default\(parameterFile == nil ? "" : " and no value in the parameters file"): values built from it are unknown",
            in: file, at: at))
        return .unknown
      }
      // The same test as everywhere: anything but an explicit false (a `NoEcho: "True"` is still secret).
      let isSensitive = CloudFormationTemplate.isNoEcho(declaration)
      if type == "CommaDelimitedList" || type.hasPrefix("List<") {
        let items = defaultItems ?? Self.splitList(text)
        return CloudFormationIntermediate(
          .list(items.map { CloudFormationIntermediate(.string($0)) }), origin: origin, isSensitive: isSensitive)
      }
      return CloudFormationIntermediate(.string(text), origin: origin, isSensitive: isSensitive)
    }

    /// A comma-delimited list's items, each trimmed of spaces as CloudFormation does.
    static func splitList(_ text: String) -> [String] {
      text.split(separator: ",", omittingEmptySubsequences: false).map { item in
        var slice = item[...]
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
      }
    }

    // MARK: Diagnostics

    func error(_ message: String, at offset: Int) {
      diagnostics.append(Diagnostic(.error, message, in: file, at: offset))
    }

    /// An error that only shows when CloudFormation evaluates the value at deploy time.
    func deployError(_ message: String, at offset: Int) {
      if speculative == 0 { error(message, at: offset) }
    }

    /// A function's name as the template's syntax spells it: `!Sub` in YAML, `Fn::Sub` in JSON.
    func display(_ key: String) -> String {
      guard shortForms else { return key }
      return "!" + (key.hasPrefix("Fn::") ? String(key.dropFirst(4)) : key)
    }
  }
}
