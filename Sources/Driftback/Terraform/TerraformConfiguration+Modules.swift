import DriftbackSyntax

// MARK: - Module definitions

/// An HCL item together with the file it was read from (origins and diagnostics need the file).
struct TerraformSourced<Item> {
  let item: Item
  let file: SourceFile
}

/// A `resource` or `data` block of a module.
struct TerraformResourceDeclaration {
  let mode: String
  let type: String
  let name: String
  let block: HCLBlock
  let file: SourceFile

  /// `aws_instance.app` or `data.aws_region.current`.
  var localAddress: String { mode == "data" ? "data.\(type).\(name)" : "\(type).\(name)" }
  var count: HCLExpression? { block.body.attribute(named: "count")?.expression }
  var forEach: HCLExpression? { block.body.attribute(named: "for_each")?.expression }
}

/// A `module` block.
struct TerraformModuleCall {
  let name: String
  let block: HCLBlock
  let file: SourceFile
  /// The folder of the called module relative to the root, for a local source that could be read.
  let directory: String?
}

/// The parsed contents of one module folder.
struct TerraformModuleDefinition {
  /// The folder relative to the root module (empty for the root).
  let directory: String
  var variables: [String: TerraformSourced<HCLBlock>] = [:]
  var locals: [String: TerraformSourced<HCLAttribute>] = [:]
  var outputs: [String: TerraformSourced<HCLBlock>] = [:]
  var resources: [TerraformResourceDeclaration] = []
  var resourceIndex: [String: Int] = [:]
  var moduleCalls: [TerraformModuleCall] = []
  var moduleCallIndex: [String: Int] = [:]

  init(directory: String) {
    self.directory = directory
  }

  func resource(_ localAddress: String) -> TerraformResourceDeclaration? {
    resourceIndex[localAddress].map { resources[$0] }
  }

  func moduleCall(_ name: String) -> TerraformModuleCall? {
    moduleCallIndex[name].map { moduleCalls[$0] }
  }
}

// MARK: - Loading

/// Parses the root module and, following local `source` paths, every module it calls.
struct TerraformModuleLoader {
  /// Deeper module chains are taken for a cycle (a module that calls itself through `source = "./"`).
  static let maxModuleDepth = 24

  let readModule: (String) -> [SourceFile]?
  /// Definitions by folder relative to the root.
  var definitions: [String: TerraformModuleDefinition] = [:]
  var diagnostics: [Diagnostic] = []

  init(readModule: @escaping (String) -> [SourceFile]?) {
    self.readModule = readModule
  }

  /// The loader without its module reader, which must not outlive `load`.
  var finished: TerraformModuleLoader {
    var copy = TerraformModuleLoader(readModule: { _ in nil })
    copy.definitions = definitions
    copy.diagnostics = diagnostics
    return copy
  }

  mutating func loadRoot(_ files: [SourceFile]) throws -> TerraformModuleDefinition {
    let root = try load(directory: "", files: files, depth: 0)
    return root
  }

  private mutating func load(directory: String, files: [SourceFile], depth: Int) throws
    -> TerraformModuleDefinition
  {
    var definition = TerraformModuleDefinition(directory: directory)
    definitions[directory] = definition
    var calls: [(HCLBlock, SourceFile)] = []
    for file in files.sorted(by: { $0.path < $1.path }) {
      let base = Self.baseName(file.path)
      let isJSON = base.hasSuffix(".tf.json")
      guard isJSON || base.hasSuffix(".tf") else { continue }
      let parsed = isJSON ? try TerraformJSONConfiguration.parse(file) : try HCLParser().parse(file)
      for block in parsed.body.blocks {
        add(block, file: file, to: &definition, calls: &calls)
      }
    }
    definitions[directory] = definition
    for (block, file) in calls {
      let name = block.labels.first?.value ?? ""
      var childDirectory: String?
      if let source = block.body.attribute(named: "source")?.expression.stringValue {
        if source.hasPrefix("./") || source.hasPrefix("../") {
          let path = Self.join(directory, source)
          if depth + 1 > Self.maxModuleDepth {
            diagnostics.append(
              Diagnostic(
                .warning, "module \"\(name)\" nests deeper than \(Self.maxModuleDepth) levels; not expanded",
                in: file, at: block.span.start))
          } else if definitions[path] != nil {
            childDirectory = path
          } else if let moduleFiles = readModule(path) {
            _ = try load(directory: path, files: moduleFiles, depth: depth + 1)
            childDirectory = path
          } else {
            diagnostics.append(
              Diagnostic(
                .warning, "module \"\(name)\": the folder \(source) does not exist; its resources are not known",
                in: file, at: block.span.start))
          }
        } else {
          diagnostics.append(
            Diagnostic(
              .note,
              "module \"\(name)\" comes from \"\(source)\", which is not inspectable; its resources are not known",
              in: file, at: block.span.start))
        }
      } else {
        diagnostics.append(
          Diagnostic(.warning, "module \"\(name)\" has no literal source; not expanded", in: file, at: block.span.start)
        )
      }
      definition.moduleCallIndex[name] = definition.moduleCalls.count
      definition.moduleCalls.append(
        TerraformModuleCall(name: name, block: block, file: file, directory: childDirectory))
    }
    definitions[directory] = definition
    return definition
  }

  private func add(
    _ block: HCLBlock, file: SourceFile, to definition: inout TerraformModuleDefinition,
    calls: inout [(HCLBlock, SourceFile)]
  ) {
    let labels = block.labels.map(\.value)
    switch block.type {
    case "variable" where labels.count == 1:
      definition.variables[labels[0]] = TerraformSourced(item: block, file: file)
    case "locals":
      for attribute in block.body.attributes {
        definition.locals[attribute.name] = TerraformSourced(item: attribute, file: file)
      }
    case "output" where labels.count == 1:
      definition.outputs[labels[0]] = TerraformSourced(item: block, file: file)
    case "resource" where labels.count == 2, "data" where labels.count == 2:
      let declaration = TerraformResourceDeclaration(
        mode: block.type == "data" ? "data" : "managed", type: labels[0], name: labels[1], block: block, file: file)
      guard definition.resourceIndex[declaration.localAddress] == nil else { return }
      definition.resourceIndex[declaration.localAddress] = definition.resources.count
      definition.resources.append(declaration)
    case "module" where labels.count == 1:
      if !calls.contains(where: { $0.0.labels.first?.value == labels[0] }) { calls.append((block, file)) }
    default:
      break
    }
  }

  /// Every resource block reachable from the root, by configuration address.
  func declaredResources(root: TerraformModuleDefinition) -> [TerraformDeclaredResource] {
    var out: [TerraformDeclaredResource] = []
    func walk(_ definition: TerraformModuleDefinition, prefix: String, depth: Int) {
      guard depth <= Self.maxModuleDepth else { return }
      for resource in definition.resources {
        let expansion: String? =
          resource.count != nil ? "count" : resource.forEach != nil ? "for_each" : nil
        out.append(
          TerraformDeclaredResource(
            address: (prefix.isEmpty ? "" : prefix + ".") + resource.localAddress, mode: resource.mode,
            type: resource.type, name: resource.name, moduleAddress: prefix, expansion: expansion,
            file: resource.file.path, line: resource.file.location(of: resource.block.span.start).line))
      }
      for call in definition.moduleCalls {
        guard let directory = call.directory, let child = definitions[directory] else { continue }
        walk(child, prefix: (prefix.isEmpty ? "" : prefix + ".") + "module." + call.name, depth: depth + 1)
      }
    }
    walk(root, prefix: "", depth: 0)
    return out
  }

  // MARK: Paths

  static func baseName(_ path: String) -> String {
    path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
  }

  /// `directory` joined with a relative `source`, with `.` and `..` resolved lexically.
  static func join(_ directory: String, _ source: String) -> String {
    var parts: [Substring] = directory.split(separator: "/")
    for part in source.split(separator: "/") {
      switch part {
      case ".": continue
      case "..":
        if let last = parts.last, last != ".." { parts.removeLast() } else { parts.append(part) }
      default: parts.append(part)
      }
    }
    return parts.joined(separator: "/")
  }
}

// MARK: - Variable files

/// The `.tfvars` files that set root variables, in precedence order (later wins).
struct TerraformVariableFiles {
  /// The parsed file and how it is named in origins (`"tfvars"` or `"var-file"`).
  var files: [(file: HCLFile, via: String)] = []

  init(rootFiles: [SourceFile], varFiles: [SourceFile]) throws {
    var autoFiles: [SourceFile] = []
    var defaultFile: SourceFile?
    for file in rootFiles {
      let base = TerraformModuleLoader.baseName(file.path)
      if base == "terraform.tfvars" {
        defaultFile = file
      } else if base.hasSuffix(".auto.tfvars") {
        autoFiles.append(file)
      }
    }
    autoFiles.sort { TerraformModuleLoader.baseName($0.path) < TerraformModuleLoader.baseName($1.path) }
    let ordered = (defaultFile.map { [$0] } ?? []) + autoFiles
    for file in ordered { files.append((try HCLParser().parse(file), "tfvars")) }
    for file in varFiles { files.append((try HCLParser().parse(file), "var-file")) }
  }

  /// The last assignment of each variable: its expression, file and how it was set.
  var assignments: [String: (attribute: HCLAttribute, file: SourceFile, via: String)] {
    var out: [String: (attribute: HCLAttribute, file: SourceFile, via: String)] = [:]
    for (file, via) in files {
      for attribute in file.body.attributes { out[attribute.name] = (attribute, file.source, via) }
    }
    return out
  }
}
