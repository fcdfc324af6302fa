public import DriftbackSyntax

/// Reads a file; supplied by the caller so that the library never touches the file system itself.
public typealias FileReader = @Sendable (String) throws -> SourceFile

/// Compares Kubernetes manifests with live captures: loads both sides (files in parallel, a large live
/// `List` streamed item by item against an index of the IaC), matches by address, normalizes, diffs and
/// classifies.
public struct KubernetesAnalyzer: Sendable {
  /// What to compare.
  public struct Request: Sendable {
    /// IaC files (`.yaml`, `.yml`, `.json`).
    public var iacFiles: [String]
    /// Live capture files.
    public var liveFiles: [String]
    /// The namespace of namespaced IaC objects that declare none (`kubectl apply -n`).
    public var defaultNamespace: String
    /// The label of the capture (for `firstSeen`).
    public var captureLabel: String?

    /// Creates a request.
    public init(
      iacFiles: [String], liveFiles: [String], defaultNamespace: String = "default", captureLabel: String? = nil
    ) {
      self.iacFiles = iacFiles
      self.liveFiles = liveFiles
      self.defaultNamespace = defaultNamespace
      self.captureLabel = captureLabel
    }
  }

  /// The limits for parsing.
  public var limits: ParseLimits
  /// The redactor for secret values.
  public var redactor: Redactor

  /// Creates an analyzer.
  public init(limits: ParseLimits = .default, redactor: Redactor) {
    self.limits = limits
    self.redactor = redactor
  }

  /// Runs the comparison. Errors in input files come back as error diagnostics, never as a crash.
  public func analyze(_ request: Request, read: FileReader) -> Analysis {
    var diagnostics: [Diagnostic] = []
    let reader = KubernetesDocumentReader(limits: limits)

    // IaC, in parallel per file.
    let defaultNamespace = request.defaultNamespace
    let iacResults = Parallel.map(request.iacFiles.count) { index -> FileLoad in
      let path = request.iacFiles[index]
      do {
        let file = try read(path)
        var resources: [Resource] = []
        let notes = try reader.read(file) { object in
          guard let address = KubernetesIdentity.address(of: object.value, defaultNamespace: defaultNamespace) else {
            return
          }
          resources.append(Resource(address: address, value: object.value, source: file, span: object.span))
        }
        return FileLoad(resources: resources, diagnostics: notes)
      } catch let diagnostic as Diagnostic {
        return FileLoad(resources: [], diagnostics: [Self.withoutSecretSnippet(diagnostic, path: path, read: read)])
      } catch {
        return FileLoad(resources: [], diagnostics: [Diagnostic(.error, "\(error)", file: path)])
      }
    }
    var iac: [Resource] = []
    var index: [ResourceAddress: Int] = [:]
    var clusterScopedFallback: [ResourceAddress: Int] = [:]
    for load in iacResults {
      diagnostics.append(contentsOf: load.diagnostics)
      for resource in load.resources {
        if let existing = index[resource.address] {
          let first = iac[existing].location.map { " (first defined at \($0))" } ?? ""
          diagnostics.append(
            Diagnostic(
              .warning, "\(resource.address) is defined twice; using the first definition\(first)",
              location: resource.location))
          continue
        }
        index[resource.address] = iac.count
        if resource.value["metadata"]?["namespace"] == nil, let kind = resource.value["kind"]?.string,
          !KubernetesKind.isClusterScoped(kind), let apiVersion = resource.value["apiVersion"]?.string,
          let name = resource.value["metadata"]?["name"]?.string
        {
          let fallback = ResourceAddress.kubernetes(
            kind: kind,
            group: KubernetesIdentity.storedGroup(kind: kind, group: KubernetesKind.group(ofAPIVersion: apiVersion)),
            namespace: nil, name: name)
          clusterScopedFallback[fallback] = iac.count
        }
        iac.append(resource)
      }
    }
    if diagnostics.contains(where: { $0.severity == .error }) {
      return Analysis(diagnostics: diagnostics)
    }

    // Live, in parallel per file; each object is compared as soon as it is read.
    let iacSnapshot = iac
    let indexSnapshot = index
    let fallbackSnapshot = clusterScopedFallback
    let liveResults = Parallel.map(request.liveFiles.count) { fileIndex -> LiveLoad in
      let path = request.liveFiles[fileIndex]
      var load = LiveLoad()
      do {
        let file = try read(path)
        load.diagnostics = try reader.read(file, skippingServerOwnedFields: true) { object in
          guard let address = KubernetesIdentity.address(of: object.value, defaultNamespace: nil) else { return }
          let kind = object.value["kind"]?.string ?? ""
          if kind == "Service" { load.services.append(address) }
          if kind == "StatefulSet" { load.statefulSets.append(object.value) }
          guard let iacIndex = indexSnapshot[address] ?? fallbackSnapshot[address] else {
            if object.value["metadata"]?["ownerReferences"]?.list?.isEmpty == false { return }
            load.unmatched.append(LiveObject(address: address, value: object.value, file: path))
            return
          }
          let changes = KubernetesComparison.compare(iac: iacSnapshot[iacIndex].value, live: object.value)
          load.matched.append(
            Match(
              iacIndex: iacIndex, address: address, changes: changes,
              live: changes.isEmpty ? nil : object.value))
        }
      } catch let diagnostic as Diagnostic {
        load.diagnostics.append(Self.withoutSecretSnippet(diagnostic, path: path, read: read))
      } catch {
        load.diagnostics.append(Diagnostic(.error, "\(error)", file: path))
      }
      return load
    }
    var matches: [Int: Match] = [:]
    var unmatched: [LiveObject] = []
    var services = Set<String>()
    var claimPrefixes = Set<String>()
    for resource in iac where resource.value["kind"]?.string == "StatefulSet" {
      claimPrefixes.formUnion(Self.claimPrefixes(of: resource.value, namespace: resource.address))
    }
    for load in liveResults {
      diagnostics.append(contentsOf: load.diagnostics)
      for match in load.matched {
        if matches[match.iacIndex] != nil {
          diagnostics.append(
            Diagnostic(.warning, "\(match.address) appears in more than one capture file; using the first"))
          continue
        }
        matches[match.iacIndex] = match
      }
      unmatched.append(contentsOf: load.unmatched)
      for service in load.services { services.insert(Self.namespaceAndName(service)) }
      for statefulSet in load.statefulSets {
        if let address = KubernetesIdentity.address(of: statefulSet, defaultNamespace: nil) {
          claimPrefixes.formUnion(Self.claimPrefixes(of: statefulSet, namespace: address))
        }
      }
    }
    if diagnostics.contains(where: { $0.severity == .error }) {
      return Analysis(diagnostics: diagnostics)
    }

    // Classification.
    var analysis = Analysis(diagnostics: diagnostics)
    let classifier = KubernetesClassifier(redactor: redactor, captureLabel: request.captureLabel)
    for (iacIndex, declared) in iac.enumerated() {
      var resource = declared
      // A kind the tool does not know as cluster-scoped matched a live object without namespace: the
      // live object tells the truth about its scope.
      if let match = matches[iacIndex], match.address != resource.address { resource.address = match.address }
      analysis.iacResources[resource.address] = resource
      // A credential written in the manifest is a finding whatever the cluster runs.
      let hits = SecretInIaCScanner().scanKubernetes(resource.value)
      analysis.secretTexts.formUnion(hits.map(\.text))
      analysis.findings += hits.map { hit in
        SecretInIaCScanner.finding(
          resource: resource.address, path: hit.path, text: hit.text, source: resource.provenance(of: hit.path),
          redactor: redactor, captureLabel: request.captureLabel)
      }
      guard let match = matches[iacIndex] else {
        analysis.summary.missing += 1
        analysis.findings.append(classifier.missing(resource))
        continue
      }
      if match.changes.isEmpty {
        analysis.summary.inSync += 1
      } else {
        analysis.summary.drifted += 1
        analysis.liveObjects[resource.address] = match.live
        analysis.changes[resource.address] = match.changes
        analysis.findings.append(contentsOf: classifier.runtimePatches(match.changes, resource: resource))
      }
    }
    var seenUnmanaged = Set<ResourceAddress>()
    for object in unmatched {
      guard seenUnmanaged.insert(object.address).inserted else { continue }
      if KubernetesIdentity.controllerOwner(of: object.value, liveServices: services, claimPrefixes: claimPrefixes)
        != nil
      {
        continue
      }
      analysis.summary.unmanaged += 1
      analysis.liveObjects[object.address] = object.value
      analysis.findings.append(classifier.unmanaged(object.address, live: object.value))
    }
    for value in analysis.iacResources.values.map(\.value) + analysis.liveObjects.values {
      analysis.secretTexts.formUnion(KnownSecrets.kubernetesSecretTexts(of: value))
    }
    analysis = KnownSecrets.protect(analysis, redactor: redactor)
    analysis.finish()
    return analysis
  }

  /// A diagnostic about a file that holds a Secret never quotes a line of it: the line could be the
  /// secret itself, broken in a way no detector recognises.
  static func withoutSecretSnippet(_ diagnostic: Diagnostic, path: String, read: FileReader) -> Diagnostic {
    guard diagnostic.sourceLine != nil, let file = try? read(path) else { return diagnostic }
    let text = file.text.lowercased()
    guard text.contains("secret") || text.contains("password") || text.contains("token") else { return diagnostic }
    var safe = diagnostic
    safe.sourceLine = nil
    return safe
  }

  static func namespaceAndName(_ address: ResourceAddress) -> String {
    let parts = address.text.split(separator: "/", omittingEmptySubsequences: false)
    return parts.count >= 3 ? "\(parts[parts.count - 2])/\(parts[parts.count - 1])" : address.text
  }

  /// `<namespace>/<template>-<statefulset>-` for every volume claim template.
  static func claimPrefixes(of statefulSet: Value, namespace address: ResourceAddress) -> Set<String> {
    let parts = address.text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count >= 3, let name = statefulSet["metadata"]?["name"]?.string else { return [] }
    let namespace = parts[parts.count - 2]
    let templates = statefulSet["spec"]?["volumeClaimTemplates"]?.list ?? []
    return Set(
      templates.compactMap { template in
        template["metadata"]?["name"]?.string.map { "\(namespace)/\($0)-\(name)-" }
      })
  }

  private struct FileLoad: Sendable {
    var resources: [Resource]
    var diagnostics: [Diagnostic]
  }

  private struct Match: Sendable {
    var iacIndex: Int
    var address: ResourceAddress
    var changes: [Change]
    var live: Value?
  }

  private struct LiveObject: Sendable {
    var address: ResourceAddress
    var value: Value
    var file: String
  }

  private struct LiveLoad: Sendable {
    var matched: [Match] = []
    var unmatched: [LiveObject] = []
    var services: [ResourceAddress] = []
    var statefulSets: [Value] = []
    var diagnostics: [Diagnostic] = []
  }
}
