public import DriftbackSyntax

// Secrets: a literal secret in a resource block becomes a sensitive variable with no default.
extension HCLEditPlanner {
  /// The edits that move a secret written as a literal in a resource block out of source: the literal
  /// becomes `var.<resource name>_<attribute path>`, declared `sensitive` with no default in the module's
  /// `variables.tf` (or, without one, at the end of the resource's file). The live value is never written:
  /// the variable gets it from outside source (`TF_VAR_…` or a variable file kept out of git), as
  /// `terraform plan` asks for a variable with no value.
  ///
  /// Refused, with what to do instead: a value from a variable (its new value is set outside source), a value
  /// computed by an expression, a secret added or removed at runtime, a resource in a child module or
  /// expanded by `count`/`for_each`, and a variable name that is taken.
  /// - Parameters:
  ///   - change: a change of a secret value (its values are never read).
  ///   - instance: the configured instance the change belongs to.
  ///   - files: every file of the configuration, by path.
  /// - Returns: the edits and what to do next, or why the secret cannot be moved out automatically.
  public func secretVariable(
    for change: Change, instance: TerraformConfiguredInstance, files: [String: SourceFile]
  ) -> Result<SecretReferencePlan, BackportRefusal> {
    let plan = Plan(change: change, instance: instance, files: files, cache: cache)
    do {
      return .success(try plan.secretVariable())
    } catch {
      return .failure(error)
    }
  }

  /// The name of the variable a secret at `path` of the resource `type.name` moves to:
  /// `aws_db_instance_main_password`, `aws_s3_bucket_app_tags_db_password`; lowercased, anything but letters,
  /// digits and `_` becomes `_`. The type is part of it: `aws_db_instance.main` and `aws_rds_cluster.main`
  /// hold two different passwords.
  static func secretVariableName(type: String, resource name: String, path: ValuePath) -> String {
    var text = ""
    for character in (type + "_" + name + "_" + path.description).lowercased().unicodeScalars {
      let plain = ("a"..."z").contains(character) || ("0"..."9").contains(character)
      let next: Character = plain ? Character(character) : "_"
      if next == "_", text.last == "_" { continue }
      text.append(next)
    }
    while text.last == "_" { text.removeLast() }
    return text
  }
}

extension HCLEditPlanner.Plan {
  func secretVariable() throws(BackportRefusal) -> SecretReferencePlan {
    guard change.kind == .changed else {
      throw refusal(
        "a secret \(change.kind == .added ? "added" : "removed") at runtime is never written into source; "
          + "declare it by hand as a sensitive variable with no default")
    }
    guard let origin = instance.origins[change.path] else {
      throw refusal("cannot tell where \(change.path) is set; move the secret out of \(instance.file) by hand")
    }
    let literalFile: String
    let literalSpan: ByteSpan
    switch origin {
    case .variable(let name, let file, _, let via):
      let place = via == "default" ? "its default in \(file)" : "\(file) (\(via))"
      throw refusal(
        "the value comes from var.\(name), set by \(place); a secret's new value is set outside source "
          + "(TF_VAR_\(name), or a -var-file filled from your secret store and kept out of git) and never "
          + "written by driftback" + (via == "default" ? "; remove the default from \(file) too" : ""))
    case .expression(_, let file, let span):
      // The expression is not quoted: it may hold the secret.
      throw refusal(
        "the value is computed by the expression at \(location(file, span.start)); update the secret where that "
          + "expression reads it")
    case .literal(let file, let span):
      literalFile = file
      literalSpan = span
    }
    try checkInResource(file: literalFile, span: literalSpan)
    if !instance.moduleAddress.isEmpty {
      throw refusal(
        "\(instance.address) is in \(instance.moduleAddress): a new variable there needs a value from the module "
          + "call; replace the literal in \(instance.file) with a sensitive variable by hand")
    }
    if instance.sharedByInstances {
      throw refusal(
        "\(instance.address) is shared by every instance of count/for_each; replace the literal in "
          + "\(instance.file) with a sensitive variable by hand")
    }
    let document = try parsed(literalFile)
    guard let expression = Self.expression(spanning: literalSpan, in: document.body) else {
      throw refusal("cannot find the value of \(change.path) at \(location(literalFile, literalSpan.start))")
    }
    let name = HCLEditPlanner.secretVariableName(
      type: instance.type, resource: instance.name, path: change.path)
    let folder = Self.folder(of: instance.file)
    if let taken = try declaration(of: name, in: folder) {
      throw refusal(
        "a variable named \(name) is declared already (\(taken)); replace the literal in \(instance.file) with a "
          + "sensitive variable by hand")
    }
    let variablesFile = folder.isEmpty ? "variables.tf" : folder + "/variables.tf"
    let target = files[variablesFile] != nil ? variablesFile : instance.file
    guard let targetSource = files[target] else { throw refusal("\(target) was not given to the planner") }
    let layout = HCLEditPlanner.Layout(source: targetSource)
    let declaration = ["variable \"\(name)\" {", "  type      = string", "  sensitive = true", "}"]
    let bytes = targetSource.bytes
    var lead = ""
    if !bytes.isEmpty {
      if bytes.last != 0x0A { lead += layout.newline }
      // `\n\n` or `\r\n\r\n`: the file already ends with a blank line.
      let endsWithBlankLine =
        bytes.count >= 2
        && (bytes.suffix(2).allSatisfy { $0 == 0x0A } || bytes.suffix(4).elementsEqual([0x0D, 0x0A, 0x0D, 0x0A]))
      if !endsWithBlankLine { lead += layout.newline }
    }
    let text = lead + declaration.joined(separator: layout.newline) + layout.newline
    var edits: [String: [SourceEdit]] = [:]
    edits[literalFile, default: []].append(
      SourceEdit(span: expression.unparenthesized.span, replacement: "var.\(name)"))
    edits[target, default: []].append(
      SourceEdit(span: ByteSpan(start: bytes.count, end: bytes.count), replacement: text))
    let declared = target == literalFile ? "declare it at the end of \(target)" : "declare it in \(target)"
    return SecretReferencePlan(
      edits: edits, reference: "var.\(name)",
      reason:
        "replace the literal with var.\(name) (sensitive, no default) in \(literalFile) and \(declared); give it the "
        + "live value from your secret store: TF_VAR_\(name) or a -var-file kept out of git")
  }

  /// Where a variable of this name is declared in the module folder, or nil.
  func declaration(of name: String, in folder: String) throws(BackportRefusal) -> String? {
    for path in files.keys.sorted() where Self.folder(of: path) == folder {
      if path.hasSuffix(".tf.json") {
        // Not parsed as HCL: any mention of the name is taken as a declaration.
        if let source = files[path], String(decoding: source.bytes, as: UTF8.self).contains("\"\(name)\"") {
          return path
        }
        continue
      }
      guard path.hasSuffix(".tf") else { continue }
      let document = try parsed(path)
      for block in document.body.blocks(ofType: "variable") where block.labels.first?.value == name {
        return location(path, block.span.start)
      }
    }
    return nil
  }

  /// The folder of a path (`""` for a file in the working directory).
  static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[..<slash])
  }
}
