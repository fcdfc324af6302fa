public import DriftbackSyntax

/// Compares Terraform configuration (`.tf` with its variables) with what Terraform reports after a
/// refresh: a state, `terraform show -json` of it, or `terraform show -json` of a `-refresh-only` plan.
public struct TerraformAnalyzer: Sendable {
  /// What to compare.
  public struct Request: Sendable {
    /// Root module folders, each with its own files (`.tf`, `terraform.tfvars`, `*.auto.tfvars`).
    public var rootModules: [(directory: String, files: [String])]
    /// Files given with `--var-file`, in order.
    public var varFiles: [String]
    /// Live files (any of the three formats; the best one present is used).
    public var liveFiles: [String]
    /// The capture's label (for `firstSeen`).
    public var captureLabel: String?
    /// `terraform providers schema -json` output, when given with `--tf-schema`.
    public var schemaFile: String?

    /// Creates a request.
    public init(
      rootModules: [(directory: String, files: [String])], varFiles: [String] = [], liveFiles: [String],
      captureLabel: String? = nil, schemaFile: String? = nil
    ) {
      self.rootModules = rootModules
      self.varFiles = varFiles
      self.liveFiles = liveFiles
      self.captureLabel = captureLabel
      self.schemaFile = schemaFile
    }
  }

  /// The redactor for secret values.
  public var redactor: Redactor

  /// Creates an analyzer.
  public init(redactor: Redactor) {
    self.redactor = redactor
  }

  /// Runs the comparison. `listModule` gives the files of a local module folder (`nil` when missing).
  public func analyze(
    _ request: Request, read: @escaping FileReader, listModule: @escaping @Sendable (String) -> [String]?
  ) -> Analysis {
    var analysis = Analysis()
    // Live: every file, then the most informative format.
    var states: [(path: String, state: TerraformLiveState)] = []
    for path in request.liveFiles {
      do {
        states.append((path, try TerraformLiveState.load(try read(path))))
      } catch let diagnostic as Diagnostic {
        analysis.diagnostics.append(diagnostic)
      } catch {
        analysis.diagnostics.append(Diagnostic(.error, "\(error)", file: path))
      }
    }
    if analysis.hasErrors { return analysis }
    let preference: [TerraformLiveState.Format] = [.refreshOnlyPlan, .showJSON, .stateV4]
    guard let format = preference.first(where: { format in states.contains { $0.state.format == format } }) else {
      if !request.rootModules.isEmpty {
        analysis.diagnostics.append(
          Diagnostic(.warning, "Terraform configuration found but no Terraform state in the capture"))
      }
      return analysis
    }
    let chosen = states.filter { $0.state.format == format }
    for other in states where other.state.format != format {
      analysis.diagnostics.append(
        Diagnostic(
          .note,
          "using \(chosen.map(\.path).joined(separator: ", ")) (\(format.rawValue)); \(other.path) (\(other.state.format.rawValue)) holds the same state in another format",
          file: other.path))
    }
    var live: [String: TerraformLiveInstance] = [:]
    for (_, state) in chosen {
      for instance in state.instances where live[instance.address] == nil { live[instance.address] = instance }
    }
    let liveLookup: (String) -> Value? = { address in live[address]?.values }
    var schema: TerraformProviderSchema?
    if let schemaFile = request.schemaFile {
      do {
        schema = try TerraformProviderSchema.load(try read(schemaFile))
      } catch let diagnostic as Diagnostic {
        analysis.diagnostics.append(diagnostic)
        return analysis
      } catch {
        analysis.diagnostics.append(Diagnostic(.error, "\(error)", file: schemaFile))
        return analysis
      }
    }
    let providerSchema = schema

    // Configuration, one root module at a time.
    let loaded = Self.loadConfiguration(request, read: read, listModule: listModule, live: liveLookup)
    analysis.diagnostics += loaded.diagnostics
    analysis.unknownValues += loaded.unknownValues
    analysis.terraformSources = loaded.sources
    let configured = loaded.instances
    if analysis.hasErrors { return analysis }
    let liveSnapshot = live
    analysis.terraformReevaluate = { overrides in
      let edited: FileReader = { path in
        if let bytes = overrides[path] { return SourceFile(path: path, bytes: bytes) }
        return try read(path)
      }
      let reloaded = Self.loadConfiguration(
        request, read: edited, listModule: listModule, live: { liveSnapshot[$0]?.values })
      guard !reloaded.diagnostics.contains(where: { $0.severity == .error }) else { return nil }
      var changes: [ResourceAddress: [Change]] = [:]
      for instance in reloaded.instances where instance.mode == "managed" {
        guard let liveInstance = liveSnapshot[instance.address] else { continue }
        changes[ResourceAddress(ecosystem: .terraform, text: instance.address)] = TerraformComparison.compare(
          instance, live: liveInstance.values, schema: providerSchema)
      }
      return changes
    }

    let classifier = TerraformClassifier(
      redactor: redactor, captureLabel: request.captureLabel, read: read, sources: loaded.sources)
    var matched = Set<String>()
    for instance in configured where instance.mode == "managed" {
      let address = ResourceAddress(ecosystem: .terraform, text: instance.address)
      analysis.iacResources[address] = classifier.resource(for: instance)
      analysis.terraformInstances[address] = instance
      guard let liveInstance = live[instance.address] else {
        analysis.summary.missing += 1
        analysis.findings.append(classifier.missing(instance))
        continue
      }
      matched.insert(instance.address)
      analysis.secretTexts.formUnion(KnownSecrets.texts(in: liveInstance.values, at: liveInstance.sensitivePaths))
      analysis.secretTexts.formUnion(KnownSecrets.texts(in: instance.values, at: instance.sensitivePaths))
      let changes = TerraformComparison.compare(instance, live: liveInstance.values, schema: providerSchema)
      if changes.isEmpty {
        analysis.summary.inSync += 1
      } else {
        analysis.summary.drifted += 1
        analysis.changes[address] = changes
        analysis.liveObjects[address] = liveInstance.values
        analysis.findings += classifier.runtimePatches(changes, configured: instance, live: liveInstance)
      }
    }
    analysis.findings += classifier.secretsInSource(configured, texts: &analysis.secretTexts)
    for (address, instance) in live.sorted(by: { $0.key < $1.key })
    where instance.mode == "managed" && !matched.contains(address) {
      analysis.summary.unmanaged += 1
      analysis.findings.append(classifier.unmanaged(instance))
    }
    analysis = KnownSecrets.protect(analysis, redactor: redactor)
    analysis.finish()
    return analysis
  }

  struct LoadedConfiguration {
    var instances: [TerraformConfiguredInstance] = []
    var diagnostics: [Diagnostic] = []
    var unknownValues = 0
    var sources: [String: SourceFile] = [:]
  }

  /// Loads every root module (with its modules and variable files), remembering each file it read.
  static func loadConfiguration(
    _ request: Request, read: FileReader, listModule: (String) -> [String]?, live: @escaping (String) -> Value?
  ) -> LoadedConfiguration {
    var loaded = LoadedConfiguration()
    let varFiles: [SourceFile]
    do {
      varFiles = try request.varFiles.map { try read($0) }
    } catch let diagnostic as Diagnostic {
      loaded.diagnostics.append(diagnostic)
      return loaded
    } catch {
      loaded.diagnostics.append(Diagnostic(.error, "\(error)"))
      return loaded
    }
    for file in varFiles { loaded.sources[file.path] = file }
    for root in request.rootModules {
      do {
        let files = try root.files.map { try read($0) }
        for file in files { loaded.sources[file.path] = file }
        var moduleFiles: [SourceFile] = []
        let configuration = try TerraformConfiguration.load(
          rootFiles: files, varFiles: varFiles,
          readModule: { relative in
            let directory = Self.join(root.directory, relative)
            let read = listModule(directory).map { paths in paths.compactMap { try? read($0) } }
            moduleFiles += read ?? []
            return read
          }, live: live)
        for file in moduleFiles { loaded.sources[file.path] = file }
        loaded.instances += configuration.instances
        loaded.diagnostics += configuration.diagnostics
        loaded.unknownValues += configuration.unknownValueCount
      } catch let diagnostic as Diagnostic {
        loaded.diagnostics.append(diagnostic)
      } catch {
        loaded.diagnostics.append(Diagnostic(.error, "\(error)", file: root.directory))
      }
    }
    return loaded
  }

  static func join(_ directory: String, _ relative: String) -> String {
    var parts = directory.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    for component in relative.split(separator: "/") {
      switch component {
      case ".": continue
      case "..": if !parts.isEmpty { parts.removeLast() }
      default: parts.append(String(component))
      }
    }
    return parts.joined(separator: "/")
  }
}
