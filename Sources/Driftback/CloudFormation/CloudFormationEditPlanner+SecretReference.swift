public import DriftbackSyntax

// Secrets: a literal secret property becomes a Secrets Manager dynamic reference.
extension CloudFormationEditPlanner {
  /// The edit that moves a secret written as a literal property out of the template: the literal becomes the
  /// dynamic reference `{{resolve:secretsmanager:<stack>/<LogicalId>/<Property>}}`, which CloudFormation
  /// resolves at deploy time. The live value is never written; the secret is created in Secrets Manager by
  /// hand, and the plan's reason says how.
  ///
  /// Refused, with what to do instead: a value from a `NoEcho` parameter (its new value is passed at deploy
  /// time), from another parameter or an intrinsic function, a secret added or removed at runtime, and a
  /// secret that is not one scalar.
  /// - Parameters:
  ///   - change: the change of a secret property (a path relative to `Properties`; its values are never
  ///     written).
  ///   - resource: the evaluated resource.
  ///   - context: its template.
  ///   - address: the resource's address (`stack/LogicalId`), which names the secret.
  /// - Returns: the edit and what to do next, or why the secret cannot be moved out automatically.
  public func secretReference(
    _ change: Change, resource: CloudFormationEvaluatedResource, context: Context, address: ResourceAddress
  ) -> Result<SecretReferencePlan, BackportRefusal> {
    do {
      return .success(try secretReferencePlan(change, resource: resource, context: context, address: address))
    } catch {
      return .failure(error)
    }
  }

  /// The name of the Secrets Manager secret a property at `path` of the resource at `address` moves to:
  /// `shop/Db/MasterUserPassword`; characters Secrets Manager does not take in a name become `-`.
  static func secretName(address: ResourceAddress, path: ValuePath) -> String {
    var parts = [address.text]
    for segment in path.segments {
      switch segment {
      case .key(let key): parts.append(key)
      case .index(let index): parts.append(String(index))
      case .item(let fields): parts.append(fields.map(\.value).joined(separator: "-"))
      }
    }
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_+=.@-")
    return String(parts.joined(separator: "/").map { allowed.contains($0) ? $0 : "-" })
  }

  private func secretReferencePlan(
    _ change: Change, resource: CloudFormationEvaluatedResource, context: Context, address: ResourceAddress
  ) throws(BackportRefusal) -> SecretReferencePlan {
    let template = context.template
    guard change.kind == .changed else {
      throw BackportRefusal(
        reason:
          "a secret \(change.kind == .added ? "added" : "removed") at runtime is never written into source; "
          + "add a dynamic reference {{resolve:secretsmanager:…}} to \(template.file.path) by hand")
    }
    if let (originPath, origin) = Self.origin(of: change.path, in: resource) {
      switch origin {
      case .parameter(let name, _, _) where Self.isNoEcho(name, in: template):
        throw BackportRefusal(
          reason:
            "the value comes from the NoEcho parameter \(name): pass the new value at deploy time as a parameter "
            + "override read from your secret store (--parameter-overrides \(name)=…); it is never written to the "
            + "parameters file")
      case .parameter(let name, _, _):
        throw BackportRefusal(
          reason:
            "the value comes from the parameter \(name), which is not NoEcho: a secret is never written to the "
            + "parameters file or a Default; declare \(name) NoEcho and pass it at deploy time from your secret "
            + "store, or reference the secret with {{resolve:secretsmanager:…}}")
      case .computed(let function):
        throw BackportRefusal(
          reason:
            "the template computes \(originPath) with \(function); update the secret where that function reads it")
      }
    }
    guard change.iac?.scalarText != nil, change.live?.scalarText != nil else {
      throw BackportRefusal(
        reason:
          "\(change.path) is not one text in the template and in AWS; move the secret into Secrets Manager by hand")
    }
    guard let raw = context.resource(resource.logicalId) else {
      throw BackportRefusal(reason: "\(resource.logicalId) is not found in \(template.file.path)")
    }
    let name = Self.secretName(address: address, path: change.path)
    let reference = "{{resolve:secretsmanager:\(name)}}"
    let indexed = CloudFormationComparison.indexPath(change.path, in: resource.properties)
    let edit = Change(
      path: ValuePath(Self.templateSegments(change.path, indexed: indexed)), kind: .changed, iac: change.iac,
      live: .string(reference))
    switch YAMLEditPlanner().edits(for: edit, in: raw, file: template.file) {
    case .success(let edits) where !edits.isEmpty:
      return SecretReferencePlan(
        edits: [template.file.path: edits], reference: reference,
        reason:
          "replace the literal with the dynamic reference \(reference) in \(template.file.path); before the next "
          + "deploy, create that secret holding the live value: aws secretsmanager create-secret --name \(name) "
          + "--secret-string file://<a file holding the value, deleted afterwards>")
    case .success:
      throw BackportRefusal(reason: "the template already references the secret at \(change.path)")
    case .failure(let refusal):
      throw refusal
    }
  }
}
