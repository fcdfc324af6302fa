public import DriftbackSyntax

/// Plans the edit that carries one CloudFormation change into source: a literal in the template is edited in
/// place (YAML or JSON, format-preserving); a value that comes from `Ref` to a parameter is changed where the
/// parameter gets it (the parameters file entry, or the parameter's `Default`); a value computed by another
/// intrinsic function is refused, saying which.
public struct CloudFormationEditPlanner: Sendable {
  /// The edits of one file.
  public struct FileEdits: Sendable {
    /// The file's path.
    public var path: String
    /// The edits, never overlapping.
    public var edits: [SourceEdit]
  }

  /// What a planned back-port changes, and a sentence for the finding.
  public struct Plan: Sendable {
    /// The edits, per file.
    public var files: [FileEdits]
    /// Where the edit goes, for the finding's back-port reason.
    public var summary: String
  }

  /// The template a resource comes from, with its parameters file.
  public struct Context: Sendable {
    /// The template.
    public var template: CloudFormationTemplate
    /// The parameters file the evaluation used, if any.
    public var parameterFile: CloudFormationParameterFile?
    /// What `Ref` returns for the stack's resources (their physical ids), by logical id: a live value that
    /// is one of them is written back as `!Ref LogicalId`, not as the id of one deployment.
    public var resourceReferences: [String: String]
    /// Whether ``parameterFile`` holds the values the stack was deployed with (describe-stacks), not a file.
    public var parametersWereDeployed = false
    /// The template's resources by logical id (looked up once per finding: a map, not a scan).
    let declared: [String: Value]
    /// Logical ids by physical id (the first, by logical id, when two share one).
    let logicalByPhysical: [String: String]

    /// Creates a context.
    public init(
      template: CloudFormationTemplate, parameterFile: CloudFormationParameterFile?,
      resourceReferences: [String: String] = [:]
    ) {
      self.template = template
      self.parameterFile = parameterFile
      self.resourceReferences = resourceReferences
      declared = Dictionary(
        template.resources.entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
      var byPhysical: [String: String] = [:]
      for (logical, physical) in resourceReferences.sorted(by: { $0.key < $1.key }) where byPhysical[physical] == nil {
        byPhysical[physical] = logical
      }
      logicalByPhysical = byPhysical
    }

    /// A resource of the template.
    public func resource(_ logicalId: String) -> Value? { declared[logicalId] }
  }

  /// Creates a planner.
  public init() {}

  /// The edits that make the source say what live says for `change` (a path relative to `Properties`).
  /// - Parameter siblings: the other changes of the resource. A rule added to a list goes after the last
  ///   rule that stays, so that the back-ports of an added and a removed rule of one list combine.
  ///   `removedRules` is the same, worked out once per resource (``removedRules(in:resource:)``) when many
  ///   changes of one resource are planned.
  public func plan(
    _ change: Change, resource: CloudFormationEvaluatedResource, context: Context, siblings: [Change] = [],
    removedRules: [String: Set<Int>]? = nil
  ) -> Result<Plan, BackportRefusal> {
    let template = context.template
    guard let raw = context.resource(resource.logicalId) else {
      return .failure(BackportRefusal(reason: "\(resource.logicalId) is not found in \(template.file.path)"))
    }
    // Where does the value come from?
    if let (originPath, origin) = Self.origin(of: change.path, in: resource) {
      switch origin {
      case .computed(let function):
        return .failure(
          BackportRefusal(
            reason:
              "the template computes \(originPath) with \(function); an intrinsic function cannot be back-ported automatically: edit it by hand"
          ))
      case .parameter(let name, let file, let span):
        guard originPath == change.path, change.kind == .changed, let live = change.live,
          let text = Self.parameterText(live)
        else {
          return .failure(
            BackportRefusal(
              reason:
                "\(originPath) comes from the parameter \(name), and this change is not a new value for it: edit by hand"
            ))
        }
        return planParameter(name: name, file: file, span: span, text: text, context: context)
      }
    }
    // Nothing computed inside a subtree that would be replaced or removed.
    let indexed = CloudFormationComparison.indexPath(change.path, in: resource.properties)
    if let inner = resource.origins.keys.filter({ indexed.isPrefix(of: $0) && $0 != indexed }).sorted(by: {
      $0.description < $1.description
    }).first, change.kind == .changed {
      return .failure(
        BackportRefusal(
          reason:
            "\(change.path) holds \(inner), which an intrinsic function computes; replacing it would lose the function: edit by hand"
        ))
    }
    let segments = Self.templateSegments(change.path, indexed: indexed)
    let written = change.live.map {
      Self.referencing($0, context.logicalByPhysical, except: resource.logicalId)
    }
    var edit = Change(path: ValuePath(segments), kind: change.kind, iac: change.iac, live: written)
    if raw["Properties"] == nil {
      // The resource has no Properties yet: add it, holding the new value.
      guard change.kind == .added, let live = written,
        change.path.segments.allSatisfy({ if case .key = $0 { return true } else { return false } })
      else {
        return .failure(BackportRefusal(reason: "\(resource.logicalId) has no Properties to change"))
      }
      var value = live
      for segment in change.path.segments.reversed() {
        if case .key(let key) = segment { value = .map(ValueMap([ValueMap.Entry(key: key, value: value)])) }
      }
      edit = Change(path: ValuePath([.key("Properties")]), kind: .added, iac: nil, live: value)
    }
    var target = raw
    if change.kind == .added, change.path.segments.count == 2, case .key(let key) = change.path.segments[0],
      CloudFormationComparison.ruleLists.contains(key), case .item = change.path.segments[1],
      let list = raw["Properties"]?[key], let items = list.list
    {
      // Leave out the rules other findings remove: the new rule goes after the last one that stays.
      let removed = (removedRules ?? Self.removedRules(in: siblings, resource: resource))[key] ?? []
      let kept = items.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
      if !kept.isEmpty, kept.count < items.count {
        target["Properties"]?[key] = Value(.list(kept), span: list.span)
      }
    }
    switch YAMLEditPlanner(writesIntrinsics: true).edits(for: edit, in: target, file: template.file) {
    case .success(let edits):
      guard !edits.isEmpty else {
        return .failure(BackportRefusal(reason: "the template already says what live says at \(change.path)"))
      }
      return .success(
        Plan(files: [FileEdits(path: template.file.path, edits: edits)], summary: "edit \(template.file.path)"))
    case .failure(let refusal):
      return .failure(refusal)
    }
  }

  /// The path of a change inside the template's resource (`Properties` first): a literal's rule paths become
  /// positions in the template's own lists (the template may spell a rule differently: `"8080"`, `6` for
  /// tcp); keyed items keep their key.
  static func templateSegments(_ path: ValuePath, indexed: ValuePath) -> [ValuePath.Segment] {
    var segments: [ValuePath.Segment] = [.key("Properties")]
    for (position, segment) in indexed.segments.enumerated() {
      if case .index = segment, position < path.segments.count, case .item = path.segments[position], position > 0,
        case .key(let key) = path.segments[position - 1], !CloudFormationComparison.ruleLists.contains(key)
      {
        segments.append(path.segments[position])
      } else {
        segments.append(segment)
      }
    }
    return segments
  }

  /// The positions, in the template's rule lists, of the rules the changes remove, by list.
  public static func removedRules(in changes: [Change], resource: CloudFormationEvaluatedResource)
    -> [String: Set<Int>]
  {
    var removed: [String: Set<Int>] = [:]
    var lookup: [String: [[ValuePath.KeyField]: Int]] = [:]
    for change in changes where change.kind == .removed && change.path.segments.count == 2 {
      guard case .key(let key) = change.path.segments[0], CloudFormationComparison.ruleLists.contains(key),
        case .item(let fields) = change.path.segments[1]
      else { continue }
      if lookup[key] == nil {
        // Each list is indexed once: rule key → position.
        var positions: [[ValuePath.KeyField]: Int] = [:]
        for (position, item) in (resource.properties[key]?.list ?? []).enumerated() {
          guard let rule = item.map else { continue }
          let atom = SecurityGroupAtom(rule: rule).key
          if positions[atom] == nil { positions[atom] = position }
        }
        lookup[key] = positions
      }
      if let position = lookup[key]?[fields] { removed[key, default: []].insert(position) }
    }
    return removed
  }

  /// The parameter's value where it is set: the parameters file entry, or its `Default`.
  func planParameter(name: String, file: String?, span: ByteSpan?, text: String, context: Context)
    -> Result<Plan, BackportRefusal>
  {
    if context.parametersWereDeployed, let parameters = context.parameterFile, file == parameters.file.path {
      return .failure(
        BackportRefusal(
          reason:
            "comes from the parameter \(name), which the stack was deployed with (describe-stacks) and no parameters file gives: set it where the stack is deployed, or give the file with --parameters"
        ))
    }
    if let file, let parameters = context.parameterFile, parameters.file.path == file,
      let entry = parameters.entries.first(where: { $0.name == name })
    {
      // A patch shows the whole lines it changes: a NoEcho value on one of them would be shown too.
      let source = parameters.file
      let editLines =
        source.lineIndex(of: entry.span.start)...source.lineIndex(of: max(entry.span.start, entry.span.end - 1))
      let secretNeighbour = parameters.entries.first { other in
        other.name != name && Self.isNoEcho(other.name, in: context.template)
          && editLines.contains(source.lineIndex(of: other.span.start))
      }
      if let secretNeighbour {
        return .failure(
          BackportRefusal(
            reason:
              "comes from the parameter \(name), whose line in \(source.path) also holds the NoEcho parameter \(secretNeighbour.name); a patch would show that value: edit \(source.path) by hand"
          ))
      }
      let replacement = parameters.replacement(for: entry, value: text)
      return .success(
        Plan(
          files: [FileEdits(path: file, edits: [SourceEdit(span: entry.span, replacement: replacement)])],
          summary: "comes from the parameter \(name), set in \(file): edit \(file)"))
    }
    let template = context.template
    guard span != nil, template.parameters[name]?["Default"] != nil else {
      return .failure(
        BackportRefusal(
          reason:
            "comes from the parameter \(name), which has no Default and no value in a parameters file: set it where you deploy"
        ))
    }
    let change = Change(
      path: ValuePath([.key("Parameters"), .key(name), .key("Default")]), kind: .changed, iac: nil,
      live: .string(text))
    switch YAMLEditPlanner().edits(for: change, in: template.root, file: template.file) {
    case .success(let edits) where !edits.isEmpty:
      return .success(
        Plan(
          files: [FileEdits(path: template.file.path, edits: edits)],
          summary: "comes from the parameter \(name): edit its Default in \(template.file.path)"))
    case .success:
      return .failure(BackportRefusal(reason: "the parameter \(name) already has this value"))
    case .failure(let refusal):
      return .failure(refusal)
    }
  }

  /// The value with every string that is the physical id of another resource of the stack replaced by
  /// `{"Ref": LogicalId}`.
  static func referencing(_ value: Value, _ byPhysical: [String: String], except own: String) -> Value {
    guard !byPhysical.isEmpty else { return value }
    func walk(_ value: Value) -> Value {
      switch value.kind {
      case .string(let text):
        guard let logical = byPhysical[text], logical != own else { return value }
        return .map(ValueMap([ValueMap.Entry(key: "Ref", value: .string(logical))]))
      case .map(let map):
        var result = map
        for index in result.entries.indices { result.entries[index].value = walk(result.entries[index].value) }
        return Value(.map(result), span: value.span)
      case .list(let items):
        return Value(.list(items.map(walk)), span: value.span)
      default:
        return value
      }
    }
    return walk(value)
  }

  /// Whether a parameter is declared `NoEcho` (anything but an explicit false).
  static func isNoEcho(_ name: String, in template: CloudFormationTemplate) -> Bool {
    CloudFormationTemplate.isNoEcho(template.parameters[name])
  }

  /// The origin recorded at the path or at its nearest ancestor.
  static func origin(of path: ValuePath, in resource: CloudFormationEvaluatedResource)
    -> (ValuePath, CloudFormationValueOrigin)?
  {
    let indexed = CloudFormationComparison.indexPath(path, in: resource.properties)
    var probe: ValuePath? = indexed
    while let current = probe, !current.isRoot {
      if let origin = resource.origins[current] {
        // Told in the finding's own terms when it is the value itself.
        return (current == indexed ? path : current, origin)
      }
      probe = current.parent
    }
    return nil
  }

  /// A live value as a parameter value: CloudFormation parameters are text (lists comma-joined).
  static func parameterText(_ value: Value) -> String? {
    if let text = value.scalarText { return text }
    if let items = value.list {
      let texts = items.compactMap(\.scalarText)
      return texts.count == items.count ? texts.joined(separator: ",") : nil
    }
    return nil
  }
}
