public import DriftbackSyntax

/// Plans the minimal, format-preserving edits that make a Terraform configuration say what the live
/// instance says for one ``Change``.
///
/// The rules: a changed literal is replaced in its own spelling style (a quoted string stays quoted, a
/// heredoc stays a heredoc, numbers and bools plain); a value that comes from a variable is changed where the
/// variable gets its value (the `.tfvars` file or the `default`); a new attribute or map key goes on a new
/// line after its last sibling, its `=` at the column `terraform fmt` gave the siblings; a removed attribute
/// takes its whole lines with it, the comment directly above included; security-group rules are edited as
/// the atomic rules AWS stores (a rule's block goes when its last source goes, otherwise the source leaves the
/// list); other nested blocks are added after, or removed from, the blocks of their type. Every other byte
/// stays as it was.
///
/// Refused, with a reason a person can act on: values computed by any other expression (the reason names the
/// expression and where it is), literals outside the resource block that other resources may share (a
/// `locals` entry), and any instance of `count`/`for_each` (an edit would change every instance).
///
/// The planner only plans: it does not apply or verify the edits.
public struct HCLEditPlanner: Sendable {
  /// Parsed files shared between the changes planned with this planner.
  public let cache: HCLParseCache

  /// Creates a planner; give one cache to every planner of a run so each file is parsed once.
  public init(cache: HCLParseCache = HCLParseCache()) {
    self.cache = cache
  }

  /// The edits that make the configuration say what live says for `change`, for `instance`.
  /// - Parameters:
  ///   - change: a change from ``TerraformComparison/compare(_:live:)``, with its `iac` and `live` values.
  ///   - instance: the configured instance the change belongs to.
  ///   - files: every file the instance's values may come from, by path: the `.tf` files of the module and
  ///     the `.tfvars` files (the paths the origins name).
  /// - Returns: the edits per file (none when the configuration already says what live says), sorted by path
  ///   and, within a file, by position; they never overlap. Or why the change cannot be written.
  public func edits(
    for change: Change, instance: TerraformConfiguredInstance, files: [String: SourceFile]
  ) -> Result<[(path: String, edits: [SourceEdit])], BackportRefusal> {
    let plan = Plan(change: change, instance: instance, files: files, cache: cache)
    do {
      let planned = try plan.edits()
      var byFile: [String: [SourceEdit]] = [:]
      for item in planned { byFile[item.path, default: []].append(item.edit) }
      var result: [(path: String, edits: [SourceEdit])] = []
      for path in byFile.keys.sorted() {
        let edits = (byFile[path] ?? []).sorted { $0.span < $1.span }
        for (previous, next) in zip(edits, edits.dropFirst())
        where previous.span.end > next.span.start || previous.span == next.span {
          return .failure(BackportRefusal(reason: "the planned edits overlap; edit \(path) by hand"))
        }
        result.append((path, edits))
      }
      return .success(result)
    } catch {
      return .failure(error)
    }
  }
}

// MARK: - Plan

extension HCLEditPlanner {
  /// One edit of one file.
  struct FileEdit {
    var path: String
    var edit: SourceEdit
  }

  /// The state of planning one change.
  struct Plan {
    let change: Change
    let instance: TerraformConfiguredInstance
    let files: [String: SourceFile]
    let cache: HCLParseCache

    func edits() throws(BackportRefusal) -> [FileEdit] {
      let segments = change.path.segments
      guard case .key(let first)? = segments.first else {
        throw refusal(
          "a change of the whole resource cannot be written as an edit; update \(instance.file) by hand")
      }
      if instance.sharedByInstances {
        throw refusal(
          "\(instance.address) is shared by every instance of count/for_each: an edit of its block would change "
            + "them all; edit \(instance.file) by hand")
      }
      let document = try parsed(instance.file)
      guard let resource = Self.block(spanning: instance.blockSpan, in: document.body) else {
        throw refusal("cannot find the block of \(instance.address) in \(instance.file)")
      }
      let context = BlockContext(document: document, resource: resource)
      if instance.blockKeys.contains(first) {
        guard segments.count == 2 else {
          throw refusal("\(change.path) lies inside a nested block; edit \(instance.file) by hand")
        }
        return try blockEdits(type: first, item: segments[1], context)
      }
      switch change.kind {
      case .changed: return try replaceValue()
      case .added: return try add(context)
      case .removed: return try remove(context)
      }
    }

    // MARK: Changed

    func replaceValue() throws(BackportRefusal) -> [FileEdit] {
      guard let live = change.live else { throw refusal("the change of \(change.path) has no live value to write") }
      guard let origin = instance.origins[change.path] else {
        throw refusal("cannot tell where \(change.path) is set; edit \(instance.file) by hand")
      }
      switch origin {
      case .expression(let text, let file, let span):
        throw computed(text: text, file: file, span: span)
      case .literal(let file, let span):
        try checkInResource(file: file, span: span)
        return try replaceLiteral(file: file, span: span, with: live)
      case .variable(_, let file, let span, _):
        return try replaceLiteral(file: file, span: span, with: live)
      }
    }

    func replaceLiteral(file path: String, span: ByteSpan, with live: Value) throws(BackportRefusal)
      -> [FileEdit]
    {
      let document = try parsed(path)
      guard let expression = Self.expression(spanning: span, in: document.body) else {
        throw refusal("cannot find the value of \(change.path) at \(location(path, span.start)); edit it by hand")
      }
      if Self.literal(expression, equals: live) { return [] }
      let source = document.source
      let bare = expression.unparenthesized
      switch bare.kind {
      case .template(let template):
        if let heredoc = template.heredoc, let text = live.string {
          let body = ByteSpan(start: heredoc.startSpan.end, end: heredoc.endSpan.start)
          let indent = heredoc.isFlush ? Layout.commonIndentation(source.text(body)) : ""
          if let rendered = HCLRenderer.heredocBody(text, marker: heredoc.marker, indent: indent) {
            return [FileEdit(path: path, edit: SourceEdit(span: body, replacement: rendered))]
          }
        }
        if let text = live.scalarText, live.list == nil, live.map == nil, !live.isNull {
          return [FileEdit(path: path, edit: SourceEdit(span: bare.span, replacement: HCLRenderer.quoted(text)))]
        }
      case .literal(.number), .unary(.negate, _):
        if let text = live.string, Number(parsing: text) != nil {
          return [FileEdit(path: path, edit: SourceEdit(span: bare.span, replacement: text))]
        }
      case .literal(.bool):
        if let text = live.string, text == "true" || text == "false" {
          return [FileEdit(path: path, edit: SourceEdit(span: bare.span, replacement: text))]
        }
      case .tuple, .object:
        if source.lineIndex(of: bare.span.start) == source.lineIndex(of: max(bare.span.start, bare.span.end - 1)) {
          return [FileEdit(path: path, edit: SourceEdit(span: bare.span, replacement: HCLRenderer.inline(live)))]
        }
      default:
        break
      }
      let layout = Layout(source: source)
      let text = HCLRenderer.expression(
        live, indent: source.indentation(ofLineAt: bare.span.start), unit: layout.unit(near: bare.span.start),
        newline: layout.newline)
      return [FileEdit(path: path, edit: SourceEdit(span: bare.span, replacement: text))]
    }

    // MARK: Added

    func add(_ context: BlockContext) throws(BackportRefusal) -> [FileEdit] {
      guard let live = change.live else { throw refusal("the change of \(change.path) has no live value to write") }
      let segments = change.path.segments
      guard case .key(let key)? = segments.last else {
        throw refusal("\(change.path) adds a list item; edit \(instance.file) by hand")
      }
      let layout = Layout(source: context.document.source)
      if segments.count == 1 {
        if let existing = context.resource.body.attribute(named: key) {
          // Written as `null` (or unknown to the comparison): the value is replaced, not added twice.
          let text = HCLRenderer.expression(
            live, indent: context.document.source.indentation(ofLineAt: existing.span.start),
            unit: layout.unit(near: existing.span.start), newline: layout.newline)
          return [FileEdit(path: instance.file, edit: SourceEdit(span: existing.expression.span, replacement: text))]
        }
        let edit = try layout.insertAttribute(key: key, value: live, into: context.resource)
        return [FileEdit(path: instance.file, edit: edit)]
      }
      let parentPath = ValuePath(Array(segments.dropLast()))
      guard let origin = instance.origins[parentPath] else {
        throw refusal("cannot tell where \(parentPath) is set; add \(key) in \(instance.file) by hand")
      }
      let path: String
      switch origin {
      case .literal(let file, let span), .expression(_, let file, let span):
        try checkInResource(file: file, span: span)
        path = file
      case .variable(_, let file, _, _):
        path = file
      }
      let document = try parsed(path)
      guard let expression = Self.expression(spanning: origin.span, in: document.body),
        let object = Self.insertionObject(expression)
      else {
        if case .expression(let text, let file, let span) = origin {
          throw computed(text: text, file: file, span: span)
        }
        throw refusal("\(parentPath) at \(location(path, origin.span.start)) is not a map literal; add \(key) by hand")
      }
      let edit = try Layout(source: document.source).insertItem(key: key, value: live, into: object)
      return [FileEdit(path: path, edit: edit)]
    }

    // MARK: Removed

    func remove(_ context: BlockContext) throws(BackportRefusal) -> [FileEdit] {
      let segments = change.path.segments
      guard case .key(let key)? = segments.last else {
        throw refusal("\(change.path) removes a list item; edit \(instance.file) by hand")
      }
      if segments.count == 1 {
        guard let attribute = context.resource.body.attribute(named: key) else { return [] }
        let edit = Layout(source: context.document.source).removeItem(
          attribute.span, extendsOverComma: false)
        return [FileEdit(path: instance.file, edit: edit)]
      }
      guard let origin = instance.origins[change.path] else {
        throw refusal("cannot tell where \(change.path) is set; edit \(instance.file) by hand")
      }
      if case .variable = origin {} else { try checkInResource(file: origin.file, span: origin.span) }
      let document = try parsed(origin.file)
      guard let item = Self.objectItem(valueSpan: origin.span, key: key, in: document.body) else {
        if case .expression(let text, let file, let span) = origin {
          throw computed(text: text, file: file, span: span)
        }
        throw refusal("cannot find the entry \(key) at \(location(origin.file, origin.span.start)); remove it by hand")
      }
      let span = ByteSpan(start: item.key.span.start, end: item.value.span.end)
      return [
        FileEdit(path: origin.file, edit: Layout(source: document.source).removeItem(span, extendsOverComma: true))
      ]
    }

    // MARK: Files and refusals

    func parsed(_ path: String) throws(BackportRefusal) -> HCLFile {
      guard let source = files[path] else { throw refusal("\(path) was not given to the planner; edit it by hand") }
      if path.hasSuffix(".tf.json") || path.hasSuffix(".tfvars.json") {
        throw refusal("back-ports into JSON configuration (\(path)) are not written yet; edit it by hand")
      }
      do {
        return try cache.parsed(source)
      } catch {
        throw refusal("\(path) does not parse (\(error)); fix it before back-porting")
      }
    }

    /// Refuses a place outside the resource block in its own file: a `locals` entry or another block that
    /// other resources may share.
    func checkInResource(file: String, span: ByteSpan) throws(BackportRefusal) {
      guard file != instance.file || !instance.blockSpan.contains(span) else { return }
      var place = location(file, span.start)
      if let document = try? parsed(file),
        let owner = document.body.blocks.first(where: { $0.span.contains(span) })
      {
        place += " (in the `\(([owner.type] + owner.labels.map(\.value)).joined(separator: " "))` block)"
      }
      throw refusal(
        "\(change.path) is set at \(place), outside the block of \(instance.address), where other resources may "
          + "use it too; edit it by hand")
    }

    func computed(text: String, file: String, span: ByteSpan) -> BackportRefusal {
      refusal("the value is computed by `\(Self.excerpt(text))` at \(location(file, span.start)); edit it by hand")
    }

    func refusal(_ reason: String) -> BackportRefusal { BackportRefusal(reason: reason) }

    /// `file:line` of an offset.
    func location(_ path: String, _ offset: Int) -> String {
      guard let source = files[path] else { return path }
      return "\(path):\(source.location(of: offset).line)"
    }

    /// The first line of an expression, shortened.
    static func excerpt(_ text: String) -> String {
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      var first = String(lines.first ?? "")
      if first.count > 60 { first = String(first.prefix(60)) + "…" } else if lines.count > 1 { first += " …" }
      return first
    }
  }

  /// The parsed file of the resource and its block.
  struct BlockContext {
    var document: HCLFile
    var resource: HCLBlock
  }
}
