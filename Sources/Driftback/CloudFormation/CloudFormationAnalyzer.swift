public import DriftbackSyntax

/// Compares CloudFormation templates with what a capture says about the stacks they became:
/// `describe-stack-resource-drifts`, Cloud Control `get-resource`, `describe-stack-resources` and the plain
/// AWS CLI describe outputs of security groups, buckets and roles.
public struct CloudFormationAnalyzer: Sendable {
  /// What to compare.
  public struct Request: Sendable {
    /// Templates and parameter files under `--iac` (parameter files are told apart by name and content).
    public var iacFiles: [String]
    /// Parameter files given with `--parameters` (they apply to every template).
    public var parameterFiles: [String]
    /// The capture's CloudFormation files.
    public var liveFiles: [String]
    /// The capture folder (the S3 and IAM folder layout is relative to it).
    public var captureRoot: String?
    /// The capture's label (for `firstSeen`).
    public var captureLabel: String?
    /// Pseudo parameters given on the command line (`AWS::Region=eu-west-1`); they win over the capture's.
    public var pseudoParameters: [String: String]
    /// The stack name given with `--stack` (for a single template).
    public var stackName: String?

    /// Creates a request.
    public init(
      iacFiles: [String], parameterFiles: [String] = [], liveFiles: [String], captureRoot: String? = nil,
      captureLabel: String? = nil, pseudoParameters: [String: String] = [:], stackName: String? = nil
    ) {
      self.iacFiles = iacFiles
      self.parameterFiles = parameterFiles
      self.liveFiles = liveFiles
      self.captureRoot = captureRoot
      self.captureLabel = captureLabel
      self.pseudoParameters = pseudoParameters
      self.stackName = stackName
    }
  }

  /// The redactor for secret values.
  public var redactor: Redactor
  /// Parse limits.
  public var limits: ParseLimits

  /// Creates an analyzer.
  public init(redactor: Redactor, limits: ParseLimits = .default) {
    self.redactor = redactor
    self.limits = limits
  }

  /// One template resource matched (or not) with live.
  struct Compared: Sendable {
    var address: ResourceAddress
    var resource: CloudFormationEvaluatedResource
    var context: CloudFormationEditPlanner.Context
    var live: CloudFormationLiveResource?
    var changes: [Change]
    var isMissing: Bool
  }

  /// Everything loaded and compared, before findings are made.
  struct Loaded: Sendable {
    var compared: [Compared] = []
    var claimed: Set<String> = []
    var diagnostics: [Diagnostic] = []
    var unknownValues = 0
    var notCaptured: [String: Int] = [:]
    var stacks: Set<String> = []
  }

  /// Runs the comparison.
  public func analyze(_ request: Request, read: @escaping FileReader) -> Analysis {
    var analysis = Analysis()
    var liveSources: [SourceFile] = []
    for path in request.liveFiles {
      do {
        liveSources.append(try read(path))
      } catch let diagnostic as Diagnostic {
        analysis.diagnostics.append(diagnostic)
      } catch {
        analysis.diagnostics.append(Diagnostic(.error, "\(error)", file: path))
      }
    }
    let (capture, liveDiagnostics) = CloudFormationLiveCapture.load(liveSources, captureRoot: request.captureRoot)
    analysis.diagnostics += liveDiagnostics
    if analysis.hasErrors { return analysis }

    // The capture is indexed once: the analysis and every re-evaluation of an edit use the same index.
    let index = CloudFormationCaptureIndex(capture)
    let loaded = load(request, read: read, index: index)
    let parameterPaths = Set(request.parameterFiles + request.iacFiles.filter(Self.isParameterFileName))
    analysis.diagnostics += loaded.diagnostics.map { Self.withoutParameterValues($0, in: parameterPaths) }
    analysis.unknownValues += loaded.unknownValues
    if analysis.hasErrors { return analysis }
    let analyzer = self
    analysis.cloudFormationReevaluate = { overrides in
      let edited: FileReader = { path in
        if let bytes = overrides[path] { return SourceFile(path: path, bytes: bytes) }
        return try read(path)
      }
      let reloaded = analyzer.load(request, read: edited, index: index)
      guard !reloaded.diagnostics.contains(where: { $0.severity == .error }) else { return nil }
      var changes: [ResourceAddress: [Change]] = [:]
      for item in reloaded.compared { changes[item.address] = item.changes }
      return changes
    }

    let classifier = CloudFormationClassifier(redactor: redactor, captureLabel: request.captureLabel)
    for item in loaded.compared {
      analysis.iacResources[item.address] = classifier.resource(item)
      analysis.cloudFormationResources[item.address] = item.resource
      analysis.cloudFormationContexts[item.address] = item.context
      if item.isMissing {
        analysis.summary.missing += 1
        analysis.findings.append(classifier.missing(item))
        continue
      }
      guard let live = item.live else { continue }
      analysis.diagnostics += crossCheck(item, capture: capture)
      if item.changes.isEmpty {
        analysis.summary.inSync += 1
        continue
      }
      analysis.summary.drifted += 1
      analysis.changes[item.address] = item.changes
      analysis.liveObjects[item.address] = live.properties
      analysis.findings += classifier.runtimePatches(item)
    }
    analysis.findings += secretsInSource(
      loaded.compared, captureLabel: request.captureLabel, texts: &analysis.secretTexts)
    for (type, count) in loaded.notCaptured.sorted(by: { $0.key < $1.key }) {
      analysis.diagnostics.append(
        Diagnostic(
          .note,
          "\(count) \(type) resource\(count == 1 ? "" : "s") of the templates \(count == 1 ? "is" : "are") not in the capture (no describe output for this type): not compared"
        ))
    }
    // Live resources in no stack: unmanaged, except what AWS makes by itself.
    for live in capture.resources.sorted(by: { ($0.type, $0.physicalId) < ($1.type, $1.physicalId) })
    where !live.isAWSDefault && !loaded.claimed.contains(Self.key(live.type, live.physicalId)) {
      if let stack = live.stackName ?? index.stackOfPhysical[live.type + "\n" + live.physicalId] {
        // Another stack's resource (its template was not given), or one of an analysed stack that its
        // template does not declare itself (a macro's, a transform's, a Fn::ForEach expansion): not unmanaged.
        if loaded.stacks.contains(stack) {
          analysis.diagnostics.append(
            Diagnostic(
              .note,
              "\(live.type) \(live.physicalId) belongs to the stack \(stack) but to no resource of its template (a macro, transform or Fn::ForEach made it?): not compared"
            ))
        }
        continue
      }
      analysis.summary.unmanaged += 1
      let finding = classifier.unmanaged(live)
      analysis.liveObjects[finding.resource] = live.properties
      analysis.findings.append(finding)
    }
    analysis = KnownSecrets.protect(analysis, redactor: redactor)
    analysis.finish()
    return analysis
  }

  /// `secret-in-iac` findings: credentials written as literals in a template's resource `Properties`, in
  /// parameter `Default`s and in the values of its parameters file (any real-looking value of a `NoEcho`
  /// parameter counts: a parameters file is source, committed with the template).
  /// The texts found are added to `texts`.
  func secretsInSource(_ compared: [Compared], captureLabel: String?, texts: inout Set<String>) -> [Finding] {
    let scanner = SecretInIaCScanner()
    var findings: [Finding] = []
    var scannedTemplates = Set<String>()
    var scannedParameterFiles = Set<String>()
    for item in compared {
      let template = item.context.template
      let stack = String(item.address.text.split(separator: "/", maxSplits: 1).first ?? "")
      if let properties = item.context.resource(item.resource.logicalId)?["Properties"] {
        let resource = Resource(
          address: item.address, value: properties, source: template.file, span: nil, isEditable: false)
        for hit in scanner.scan(properties) {
          texts.insert(hit.text)
          findings.append(
            SecretInIaCScanner.finding(
              resource: item.address, path: hit.path, text: hit.text, source: resource.provenance(of: hit.path),
              redactor: redactor, captureLabel: captureLabel))
        }
      }
      // Values from describe-stacks are what was deployed, not source.
      if let parameters = item.context.parameterFile, !item.context.parametersWereDeployed,
        scannedParameterFiles.insert(parameters.file.path + "\n" + template.file.path).inserted
      {
        for entry in parameters.entries {
          let declared = template.parameters[entry.name]
          let noEcho = CloudFormationTemplate.isNoEcho(declared)
          let secret =
            noEcho
            ? !SecretInIaCScanner.isPlaceholder(entry.value)
            : scanner.isSecretLiteral(entry.value, name: entry.name)
          guard secret else { continue }
          texts.insert(entry.value)
          let address = ResourceAddress(ecosystem: .cloudformation, text: "\(stack)/\(entry.name)")
          let location = parameters.file.location(of: entry.span.start)
          findings.append(
            SecretInIaCScanner.finding(
              resource: address, path: ValuePath([.key("ParameterValue")]), text: entry.value,
              source: Provenance(
                file: parameters.file.path, location: location, path: ValuePath([.key(entry.name)]), isExact: true),
              redactor: redactor, captureLabel: captureLabel))
        }
      }
      guard scannedTemplates.insert(template.file.path).inserted else { continue }
      for entry in template.parameters.entries {
        guard let value = entry.value["Default"], let text = value.scalarText, value.string != nil else { continue }
        let noEcho = CloudFormationTemplate.isNoEcho(entry.value)
        let secret =
          noEcho
          ? !SecretInIaCScanner.isPlaceholder(text)
          : scanner.isSecretLiteral(text, name: entry.key)
        guard secret else { continue }
        texts.insert(text)
        let address = ResourceAddress(ecosystem: .cloudformation, text: "\(stack)/\(entry.key)")
        let location = value.span.map { template.file.location(of: $0.start) }
        findings.append(
          SecretInIaCScanner.finding(
            resource: address, path: ValuePath([.key("Default")]), text: text,
            source: Provenance(
              file: template.file.path, location: location,
              path: ValuePath([.key("Parameters"), .key(entry.key), .key("Default")]), isExact: location != nil),
            redactor: redactor, captureLabel: captureLabel))
      }
    }
    return findings
  }

  /// Loads the templates and parameter files, evaluates them and compares each resource with live.
  func load(_ request: Request, read: FileReader, index: CloudFormationCaptureIndex) -> Loaded {
    let capture = index.capture
    var loaded = Loaded()
    // Templates and parameter files.
    var templates: [CloudFormationTemplate] = []
    var parameterFiles: [String: CloudFormationParameterFile] = [:]
    for path in request.iacFiles.sorted() {
      do {
        let file = try read(path)
        if Self.isParameterFile(path: path, file: file) {
          parameterFiles[path] = try CloudFormationParameterFile.load(file)
        } else {
          templates.append(try CloudFormationTemplate.load(file, limits: limits))
        }
      } catch let diagnostic as Diagnostic {
        loaded.diagnostics.append(diagnostic)
      } catch {
        loaded.diagnostics.append(Diagnostic(.error, "\(error)", file: path))
      }
    }
    var explicit: CloudFormationParameterFile?
    for path in request.parameterFiles {
      do {
        explicit = try CloudFormationParameterFile.load(try read(path))
      } catch let diagnostic as Diagnostic {
        loaded.diagnostics.append(diagnostic)
      } catch {
        loaded.diagnostics.append(Diagnostic(.error, "\(error)", file: path))
      }
    }
    if loaded.diagnostics.contains(where: { $0.severity == .error }) { return loaded }
    if request.stackName != nil, templates.count > 1 {
      loaded.diagnostics.append(
        Diagnostic(.error, "--stack names the stack of one template, and \(templates.count) templates were found"))
      return loaded
    }

    var pseudo = capture.pseudoParameters
    for (key, value) in request.pseudoParameters { pseudo[key] = value }
    var usedStacks: Set<String> = []
    for template in templates {
      let stack = request.stackName ?? stackName(of: template, index: index, taken: usedStacks)
      usedStacks.insert(stack)
      loaded.stacks.insert(stack)
      var parameters = explicit ?? Self.companion(of: template.file.path, in: parameterFiles)
      // No parameters file: the values the stack was deployed with (describe-stacks), when the capture has
      // them, rather than the Defaults (NoEcho values are masked there and stay unknown).
      var deployed = false
      if parameters == nil, let values = capture.stackParameters[stack], !values.isEmpty,
        let synthesized = Self.deployedParameters(values, stack: stack, template: template)
      {
        parameters = synthesized
        deployed = true
      }
      var stackPseudo = pseudo
      stackPseudo["AWS::StackName"] = stack
      let references = Self.resourceReferences(template, stack: stack, index: index)
      let evaluator = CloudFormationEvaluator(
        parameters: parameters, pseudoParameters: stackPseudo, stackName: stack, resourceReferences: references)
      let evaluation = evaluator.evaluate(template)
      loaded.diagnostics += evaluation.diagnostics.filter { diagnostic in
        // A parameter another template declares is not worth a warning for each template that does not.
        guard diagnostic.message.hasPrefix("the template declares no parameter '") else { return true }
        let name = diagnostic.message.dropFirst("the template declares no parameter '".count).dropLast()
        return !templates.contains { $0.parameters[String(name)] != nil }
      }
      loaded.unknownValues += evaluation.unknownValues
      var context = CloudFormationEditPlanner.Context(
        template: template, parameterFile: parameters, resourceReferences: references)
      context.parametersWereDeployed = deployed
      let standalone = Self.separatelyManagedRules(template)
      for resource in evaluation.resources where resource.isCreated != false {
        let address = ResourceAddress(ecosystem: .cloudformation, text: "\(stack)/\(resource.logicalId)")
        let status = capture.driftStatus["\(stack)/\(resource.logicalId)"]
        let live = find(resource, stack: stack, index: index, claimed: loaded.claimed)
        if let live { loaded.claimed.insert(Self.key(live.type, live.physicalId)) }
        if status == "DELETED" || (live == nil && isListedMissing(resource, stack: stack, index: index)) {
          if resource.isCreated == true {
            loaded.compared.append(
              Compared(address: address, resource: resource, context: context, live: nil, changes: [], isMissing: true))
          }
          continue
        }
        guard let live else {
          if Self.isCapturedType(resource.type) || index.listedStacks.contains(stack) {
            loaded.notCaptured[resource.type, default: 0] += 1
          }
          loaded.compared.append(
            Compared(address: address, resource: resource, context: context, live: nil, changes: [], isMissing: false))
          continue
        }
        let changes = CloudFormationComparison.compare(
          type: resource.type, iac: resource.properties, unknownPaths: resource.unknownPaths, live: live.properties,
          coverage: live.coverage, separatelyManaged: standalone[resource.logicalId] ?? [])
        loaded.compared.append(
          Compared(
            address: address, resource: resource, context: context, live: live, changes: changes, isMissing: false))
      }
    }
    return loaded
  }

  // MARK: - Matching

  /// What `Ref` returns for the stack's resources, from the capture's record of their physical ids. A security
  /// group without `VpcId` is left out: its `Ref` is the group's name, not its id.
  static func resourceReferences(
    _ template: CloudFormationTemplate, stack: String, index: CloudFormationCaptureIndex
  ) -> [String: String] {
    var references: [String: String] = [:]
    for entry in template.resources.entries {
      guard let record = index.record(stack: stack, logicalId: entry.key), let physical = record.physicalId,
        !physical.isEmpty, entry.value["Type"]?.string == record.type
      else { continue }
      if record.type == "AWS::EC2::SecurityGroup", entry.value["Properties"]?["VpcId"] == nil { continue }
      references[entry.key] = physical
    }
    return references
  }

  static func key(_ type: String, _ physicalId: String) -> String { type + "\n" + physicalId }

  /// The stack a template was deployed as: the capture's stack that has the most of its logical ids (with the
  /// same types), else the template file's base name.
  func stackName(of template: CloudFormationTemplate, index: CloudFormationCaptureIndex, taken: Set<String>) -> String {
    var scores: [String: Int] = [:]
    for entry in template.resources.entries {
      let type = entry.value["Type"]?.string ?? ""
      for stack in index.stacksByLogicalType[entry.key + "\n" + type] ?? [] { scores[stack, default: 0] += 1 }
    }
    let base = Self.baseName(template.file.path)
    let best = scores.filter { !taken.contains($0.key) }.max { a, b in
      (a.value, a.key == base ? 1 : 0, b.key) < (b.value, b.key == base ? 1 : 0, a.key)
    }
    return best?.key ?? base
  }

  /// The live resource a template resource became: by the stack's own record of its physical id, else by
  /// the CloudFormation tags AWS puts on it, else by the name the template gives it.
  func find(
    _ resource: CloudFormationEvaluatedResource, stack: String, index: CloudFormationCaptureIndex, claimed: Set<String>
  ) -> CloudFormationLiveResource? {
    func usable(_ position: Int?) -> CloudFormationLiveResource? {
      guard let position else { return nil }
      let live = index.capture.resources[position]
      guard live.type == resource.type, !claimed.contains(Self.key(live.type, live.physicalId)) else { return nil }
      return live
    }
    if let physical = index.record(stack: stack, logicalId: resource.logicalId)?.physicalId,
      let live = usable(index.byPhysical[resource.type + "\n" + physical])
    {
      return live
    }
    if let live = usable(index.byStackLogical[stack + "\n" + resource.logicalId]) { return live }
    if let nameKey = Self.nameProperty[resource.type], let name = resource.properties[nameKey]?.scalarText {
      for position in index.byName[resource.type + "\n" + name] ?? [] {
        if let live = usable(position) { return live }
      }
    }
    return nil
  }

  /// Whether the capture lists the stack's resources and this one is not among them (deleted behind
  /// CloudFormation's back is DELETED in drift output; a stack listing without it means it was never created).
  func isListedMissing(_ resource: CloudFormationEvaluatedResource, stack: String, index: CloudFormationCaptureIndex)
    -> Bool
  {
    guard index.listedStacks.contains(stack) else { return false }
    guard let record = index.record(stack: stack, logicalId: resource.logicalId) else { return true }
    // Listed with a physical id of a captured type, but the capture has no such resource: deleted.
    guard let physical = record.physicalId, Self.isCapturedType(resource.type) else { return false }
    return index.types.contains(resource.type) && index.live(type: resource.type, physicalId: physical) == nil
  }

  /// The property that names a resource of a type (the physical name when the template sets it).
  static let nameProperty: [String: String] = [
    "AWS::S3::Bucket": "BucketName", "AWS::IAM::Role": "RoleName", "AWS::EC2::SecurityGroup": "GroupName",
  ]

  /// The types whose plain describe output driftback converts.
  static func isCapturedType(_ type: String) -> Bool { nameProperty[type] != nil }

  /// For each security group, the rule lists that standalone `AWS::EC2::SecurityGroupIngress`/`Egress`
  /// resources of the same template manage; for each role, the policy lists that `AWS::IAM::Policy`,
  /// `AWS::IAM::RolePolicy` and `AWS::IAM::ManagedPolicy` resources add to.
  static func separatelyManagedRules(_ template: CloudFormationTemplate) -> [String: Set<String>] {
    var result: [String: Set<String>] = [:]
    func target(_ value: Value?) -> String? {
      value?["Ref"]?.string ?? value?["Fn::GetAtt"]?.list?.first?.string
    }
    for entry in template.resources.entries {
      let type = entry.value["Type"]?.string
      let properties = entry.value["Properties"]
      // Policies attached to a role by resources of their own.
      switch type {
      case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
        let key = type == "AWS::IAM::Policy" ? "Policies" : "ManagedPolicyArns"
        for role in properties?["Roles"]?.list ?? [] {
          if let name = target(role) { result[name, default: []].insert(key) }
        }
        continue
      case "AWS::IAM::RolePolicy":
        if let name = target(properties?["RoleName"]) { result[name, default: []].insert("Policies") }
        continue
      default:
        break
      }
      guard type == "AWS::EC2::SecurityGroupIngress" || type == "AWS::EC2::SecurityGroupEgress",
        let group = entry.value["Properties"]?["GroupId"] ?? entry.value["Properties"]?["GroupName"]
      else { continue }
      let target = group["Ref"]?.string ?? group["Fn::GetAtt"]?.list?.first?.string
      guard let target else { continue }
      result[target, default: []].insert(
        type == "AWS::EC2::SecurityGroupIngress" ? "SecurityGroupIngress" : "SecurityGroupEgress")
    }
    return result
  }

  // MARK: - Parameter files

  /// The parameter values a stack was deployed with, as a parameters file (for the evaluator): only the
  /// parameters the template declares, and none whose value describe-stacks masks.
  static func deployedParameters(_ values: [String: String], stack: String, template: CloudFormationTemplate)
    -> CloudFormationParameterFile?
  {
    let entries = values.sorted { $0.key < $1.key }.filter { name, value in
      template.parameters[name] != nil && value != "****"
    }
    guard !entries.isEmpty else { return nil }
    let items = entries.map { name, value in
      "{\"ParameterKey\": \(JSONText.quoted(name)), \"ParameterValue\": \(JSONText.quoted(value))}"
    }
    let text = "[" + items.joined(separator: ", ") + "]"
    return try? CloudFormationParameterFile.load(
      SourceFile(path: "(the parameters stack \(stack) was deployed with)", text: text))
  }

  /// A diagnostic about a parameters file, without the file's line (a `NoEcho` value may be on it) and
  /// without the token a parser quotes.
  static func withoutParameterValues(_ diagnostic: Diagnostic, in parameterFiles: Set<String>) -> Diagnostic {
    guard let file = diagnostic.location?.file, parameterFiles.contains(file) || isParameterFileName(file) else {
      return diagnostic
    }
    var cleaned = diagnostic
    cleaned.sourceLine = nil
    // A parser names the token it stopped at (`found 'hunter2'`): in a parameters file that may be a value.
    // Messages of the parameters readers themselves name parameters, never values.
    if let found = cleaned.message.firstRange(of: ", found '") {
      cleaned.message = String(cleaned.message[..<found.lowerBound])
    }
    return cleaned
  }

  static func isParameterFileName(_ path: String) -> Bool {
    let name = baseFileName(path).lowercased()
    return name == "parameters.json" || name.hasSuffix(".parameters.json") || name.hasSuffix("-parameters.json")
      || name.hasSuffix(".params.json") || name.hasSuffix(".txt") || name.hasSuffix(".params")
  }

  /// Whether an IaC file is a parameters file rather than a template.
  static func isParameterFile(path: String, file: SourceFile) -> Bool {
    if isParameterFileName(path) { return true }
    let head = String(decoding: file.bytes.prefix(4096), as: UTF8.self)
    return head.contains("\"ParameterKey\"") && !head.contains("\"Resources\"")
  }

  /// The parameters file next to a template: `<base>.parameters.json`, `<base>-parameters.json`,
  /// `<base>.params.json`.
  static func companion(of template: String, in files: [String: CloudFormationParameterFile])
    -> CloudFormationParameterFile?
  {
    let directory = template.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    let base = baseName(template)
    let prefix = directory.isEmpty ? "" : directory + "/"
    for suffix in [".parameters.json", "-parameters.json", ".params.json"] {
      if let file = files[prefix + base + suffix] { return file }
    }
    return nil
  }

  static func baseFileName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
  }

  /// The file name without its extension(s): `shop-edge.yaml` → `shop-edge`, `x.template.json` → `x`.
  static func baseName(_ path: String) -> String {
    var name = baseFileName(path)
    for suffix in [".json", ".yaml", ".yml", ".template"] where name.lowercased().hasSuffix(suffix) {
      name = String(name.dropLast(suffix.count))
    }
    if name.lowercased().hasSuffix(".template") { name = String(name.dropLast(9)) }
    return name
  }

  // MARK: - Cross-check

  /// CloudFormation's own drift detection, when the capture has it, against what driftback found: a
  /// property it reports that driftback does not (or the other way round) is a note, so a reader can see why.
  func crossCheck(_ item: Compared, capture: CloudFormationLiveCapture) -> [Diagnostic] {
    guard let status = capture.driftStatus[item.address.text], status == "MODIFIED" || status == "IN_SYNC" else {
      return []
    }
    let differences = capture.driftDifferences[item.address.text] ?? []
    let ours = Set(
      item.changes.compactMap { change -> String? in
        if case .key(let key)? = change.path.segments.first { return key }
        return nil
      })
    let theirs = Set(
      differences.compactMap { difference in
        difference.path.split(separator: "/").first.map(String.init)
      })
    var notes: [Diagnostic] = []
    for property in theirs.subtracting(ours).sorted() {
      notes.append(
        Diagnostic(
          .note,
          "\(item.address): CloudFormation's drift detection reports /\(property), which driftback finds equal after normalization"
        ))
    }
    for property in ours.subtracting(theirs).sorted() {
      let why =
        item.context.resource(item.resource.logicalId)?["Properties"]?[property] == nil
        ? "the template leaves it to AWS's default, which CloudFormation does not check"
        : "CloudFormation's drift detection does not report it"
      notes.append(Diagnostic(.note, "\(item.address): driftback reports /\(property): \(why)"))
    }
    return notes
  }
}
