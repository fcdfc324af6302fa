public import DriftbackSyntax

/// Where a configured value comes from, for reports and back-ports.
public enum TerraformValueOrigin: Sendable, Hashable {
  /// Written literally in a `.tf` file; `span` covers the literal as written (quotes included).
  case literal(file: String, span: ByteSpan)
  /// Set where the variable gets its value: `via` is `"default"`, `"tfvars"` (`terraform.tfvars` or a
  /// `*.auto.tfvars` file) or `"var-file"` (`--var-file`); `span` covers that value in `file`.
  case variable(name: String, file: String, span: ByteSpan, via: String)
  /// Any other expression (a template, a function call, a reference): not back-portable; `text` is the
  /// expression as written and `span` where it is.
  case expression(text: String, file: String, span: ByteSpan)

  /// Whether a back-port can edit the place this origin names.
  public var isBackportable: Bool {
    if case .expression = self { return false }
    return true
  }

  /// The file the origin points into.
  public var file: String {
    switch self {
    case .literal(let file, _), .variable(_, let file, _, _), .expression(_, let file, _): file
    }
  }

  /// The bytes the origin points at.
  public var span: ByteSpan {
    switch self {
    case .literal(_, let span), .variable(_, _, let span, _), .expression(_, _, let span): span
    }
  }
}

/// One resource instance as the configuration declares it, with its statically evaluated values.
public struct TerraformConfiguredInstance: Sendable {
  /// Terraform's instance address: `aws_instance.app[0]`, `module.network.aws_subnet.private["a"]`, `data.x.y`.
  public var address: String
  /// `"managed"` or `"data"`.
  public var mode: String
  /// The resource type, such as `aws_instance`.
  public var type: String
  /// The resource name, such as `app`.
  public var name: String
  /// The module instance address (`module.network`, `module.x[0]`); empty for the root module.
  public var moduleAddress: String
  /// The evaluated configuration: attributes and nested blocks. A block type becomes a key whose value is a
  /// list of objects, one per block in source order (a single block is a one-element list, as the state
  /// stores it). Unknown values are left out and listed in ``unknownPaths``; a list with an unknown element
  /// is unknown as a whole, so that a partial list is never compared.
  public var values: Value
  /// Paths whose value is unknown; they are never compared.
  public var unknownPaths: [ValuePath]
  /// Top-level keys that came from nested blocks (repeated blocks are compared as sets).
  public var blockKeys: Set<String>
  /// Where every known value set by the configuration comes from: each leaf, and each list, map or block
  /// above it. A value without an origin of its own inherits the one of the nearest value above it.
  public var origins: [ValuePath: TerraformValueOrigin]
  /// Paths whose value comes from a variable declared `sensitive = true` (known or not); a path covers
  /// everything under it.
  public var sensitivePaths: [ValuePath]
  /// Whether the instance was produced by `count` or `for_each` (here or on an enclosing module call): a
  /// plain edit of its block would change every instance.
  public var sharedByInstances: Bool
  /// The file that declares the resource.
  public var file: String
  /// The resource block in ``file``.
  public var blockSpan: ByteSpan

  /// Creates an instance.
  public init(
    address: String, mode: String, type: String, name: String, moduleAddress: String, values: Value,
    unknownPaths: [ValuePath], blockKeys: Set<String>, origins: [ValuePath: TerraformValueOrigin],
    sensitivePaths: [ValuePath], sharedByInstances: Bool, file: String, blockSpan: ByteSpan
  ) {
    self.address = address
    self.mode = mode
    self.type = type
    self.name = name
    self.moduleAddress = moduleAddress
    self.values = values
    self.unknownPaths = unknownPaths
    self.blockKeys = blockKeys
    self.origins = origins
    self.sensitivePaths = sensitivePaths
    self.sharedByInstances = sharedByInstances
    self.file = file
    self.blockSpan = blockSpan
  }
}

/// A `resource` or `data` block as declared, before any expansion: what a reader of the files sees even
/// when `count` or `for_each` cannot be evaluated.
public struct TerraformDeclaredResource: Sendable, Hashable {
  /// The configuration address, without instance keys: `module.network.aws_subnet.private`.
  public var address: String
  /// `"managed"` or `"data"`.
  public var mode: String
  /// The resource type.
  public var type: String
  /// The resource name.
  public var name: String
  /// The module path without instance keys (`module.a.module.b`); empty for the root module.
  public var moduleAddress: String
  /// `"count"`, `"for_each"` or `nil` when the block declares one instance.
  public var expansion: String?
  /// The file of the block.
  public var file: String
  /// The 1-based line of the block header.
  public var line: Int
}

/// A Terraform configuration (a root module and the local modules it calls), statically evaluated.
///
/// What can be known from the files alone is evaluated: literals, variables (defaults, `terraform.tfvars`,
/// `*.auto.tfvars`, `--var-file` files), locals, templates, operators, `for` expressions and the common pure
/// functions. References to other resources resolve from the live state when a lookup is given. Anything
/// else is *unknown*: it is never compared, and ``unknownValueCount`` says how many values were unknown.
public struct TerraformConfiguration: Sendable {
  /// Every resource instance, sorted by address.
  public var instances: [TerraformConfiguredInstance]
  /// Every `resource` and `data` block of the root module and of the local modules it reaches, sorted by
  /// address.
  public var declaredResources: [TerraformDeclaredResource]
  /// How many values of the instances are unknown (the sum of their ``TerraformConfiguredInstance/unknownPaths``).
  public var unknownValueCount: Int
  /// Notes and warnings: remote modules not inspectable, `count`/`for_each` that cannot be evaluated, files
  /// skipped.
  public var diagnostics: [Diagnostic]
  /// The variables declared `sensitive = true`: root variables by name, module variables as
  /// `module.x.name`.
  public var sensitiveVariables: Set<String>

  /// Creates a configuration.
  public init(
    instances: [TerraformConfiguredInstance], declaredResources: [TerraformDeclaredResource] = [],
    unknownValueCount: Int, diagnostics: [Diagnostic], sensitiveVariables: Set<String> = []
  ) {
    self.instances = instances
    self.declaredResources = declaredResources
    self.unknownValueCount = unknownValueCount
    self.diagnostics = diagnostics
    self.sensitiveVariables = sensitiveVariables
  }

  /// The instance with the given address.
  public func instance(_ address: String) -> TerraformConfiguredInstance? {
    instances.first { $0.address == address }
  }

  /// Loads and evaluates a configuration.
  /// - Parameters:
  ///   - rootFiles: every file of the root module folder (`.tf`, `.tf.json`, `.tfvars`, `.auto.tfvars`),
  ///     already read; other files are ignored (`.tfvars.json` is not read yet).
  ///   - varFiles: `--var-file` files, in the order given (later ones win).
  ///   - readModule: the files of a local module folder, given its path relative to the root folder
  ///     (`modules/network`); `nil` when the folder does not exist.
  ///   - live: the live attribute values of an instance by its address (`aws_s3_bucket.assets`,
  ///     `data.aws_region.current`), to resolve references to other resources; `nil` leaves them unknown.
  /// - Returns: the instances, the declared resources and the diagnostics.
  /// - Throws: a `Diagnostic` for a syntax error in any file (from `HCLParser`).
  public static func load(
    rootFiles: [SourceFile], varFiles: [SourceFile], readModule: (String) -> [SourceFile]?,
    live: ((String) -> Value?)?
  ) throws -> TerraformConfiguration {
    let (loader, root) = try withoutActuallyEscaping(readModule) { readModule in
      var loader = TerraformModuleLoader(readModule: readModule)
      let root = try loader.loadRoot(rootFiles)
      return (loader.finished, root)
    }
    let variableFiles = try TerraformVariableFiles(rootFiles: rootFiles, varFiles: varFiles)
    let evaluator = TerraformEvaluator(live: live, definitions: loader.definitions)
    evaluator.diagnostics = loader.diagnostics
    let instances = evaluator.evaluateConfiguration(root: root, variableFiles: variableFiles)
    let declared = loader.declaredResources(root: root).sorted { $0.address < $1.address }
    return TerraformConfiguration(
      instances: instances, declaredResources: declared,
      unknownValueCount: instances.reduce(0) { $0 + $1.unknownPaths.count },
      diagnostics: evaluator.diagnostics, sensitiveVariables: evaluator.sensitiveVariables)
  }
}
