import Testing

@testable import Driftback

@Suite("Ignore: resource and path globs")
struct IgnoreGlobTests {
  static func address(_ pattern: String, _ address: String) throws -> Bool {
    try AddressGlob(pattern).matches(address)
  }

  static func path(_ pattern: String, _ path: String) throws -> Bool {
    try PathGlob(pattern).matches(try ValuePath(parsing: path))
  }

  @Test("Kubernetes addresses: '*' stays within one part, '**' crosses '/'")
  func kubernetesAddresses() throws {
    #expect(try Self.address("Deployment.apps/shop/web", "Deployment.apps/shop/web"))
    #expect(try !Self.address("Deployment.apps/shop/web", "Deployment.apps/shop/webx"))
    #expect(try Self.address("*.apps/*/*", "Deployment.apps/prod/web"))
    #expect(try Self.address("*.apps/*/*", "StatefulSet.apps/prod/db"))
    #expect(try !Self.address("*.apps/*/*", "Service/prod/web"))
    #expect(try Self.address("Service/*/web", "Service/shop/web"))
    #expect(try !Self.address("Service/*", "Service/shop/web"))
    #expect(try Self.address("Service/**", "Service/shop/web"))
    #expect(try Self.address("ClusterRole.rbac.authorization.k8s.io/*", "ClusterRole.rbac.authorization.k8s.io/view"))
    #expect(try Self.address("**/web", "Deployment.apps/shop/web"))
    #expect(try Self.address("**", "ClusterRole.rbac.authorization.k8s.io/view"))
  }

  @Test("Terraform addresses, with modules and instance keys")
  func terraformAddresses() throws {
    #expect(try Self.address("aws_security_group.web", "aws_security_group.web"))
    #expect(try Self.address("aws_instance.app[*]", "aws_instance.app[0]"))
    #expect(try Self.address(#"module.net.aws_subnet.private[*]"#, #"module.net.aws_subnet.private["a"]"#))
    #expect(try Self.address(#"module.net.aws_security_group.web["a"]"#, #"module.net.aws_security_group.web["a"]"#))
    #expect(try !Self.address(#"module.net.aws_security_group.web["a"]"#, #"module.net.aws_security_group.web["b"]"#))
    #expect(try Self.address("*.aws_subnet.*", #"module.net.aws_subnet.private["a"]"#))
    #expect(try !Self.address("aws_subnet.*", #"module.net.aws_subnet.private["a"]"#))
    #expect(try Self.address("aws_*", "aws_s3_bucket.logs"))
  }

  @Test("CloudFormation addresses: stack/LogicalId")
  func cloudFormationAddresses() throws {
    #expect(try Self.address("prod-stack/WebSG", "prod-stack/WebSG"))
    #expect(try Self.address("*/WebSG", "prod-stack/WebSG"))
    #expect(try Self.address("prod-stack/*", "prod-stack/AppBucket"))
    #expect(try !Self.address("prod-stack/*", "other-stack/AppBucket"))
  }

  @Test("a path matches itself and everything below it, nothing beside it")
  func prefixSemantics() throws {
    #expect(try Self.path("spec.replicas", "spec.replicas"))
    #expect(try Self.path("spec.template", "spec.template.spec.containers[name=web].image"))
    #expect(try !Self.path("spec.replicas", "spec.replicasX"))
    #expect(try !Self.path("spec.replicas", "spec"))
    #expect(try !Self.path("spec.replicas", ""))
    #expect(try !Self.path("spec.template.spec", "spec.templates.spec"))
  }

  @Test("'*' matches one key, never a '.' of the path; inside a quoted key it matches dots too")
  func starInKeys() throws {
    #expect(try Self.path("tags.*", "tags.LastScan"))
    #expect(try Self.path("tags.Last*", "tags.LastScan"))
    #expect(try !Self.path("tags.Last*", "tags.Owner"))
    #expect(try Self.path("spec.*.replicas", "spec.x.replicas"))
    #expect(try !Self.path("spec.*.replicas", "spec.x.y.replicas"))
    #expect(try !Self.path("spec.*", "spec"))
    #expect(try Self.path("metadata.annotations.*", #"metadata.annotations["kubectl.kubernetes.io/restartedAt"]"#))
    #expect(
      try Self.path(
        #"metadata.annotations["kubectl.*"]"#, #"metadata.annotations["kubectl.kubernetes.io/restartedAt"]"#))
    #expect(try !Self.path(#"metadata.annotations["kubectl.*"]"#, #"metadata.annotations["argocd.argoproj.io/x"]"#))
  }

  @Test("a quoted key with dots is one key")
  func quotedKeys() throws {
    let pattern = #"spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]"#
    #expect(try Self.path(pattern, #"spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]"#))
    #expect(try !Self.path(pattern, #"spec.template.metadata.annotations["kubectl.kubernetes.io/other"]"#))
    #expect(try Self.path(#"metadata.labels["app.kubernetes.io/name"]"#, #"metadata.labels["app.kubernetes.io/name"]"#))
    // A plain key may be written quoted and still match.
    #expect(try Self.path(#"spec["replicas"]"#, "spec.replicas"))
  }

  @Test("'[*]' matches any list item: index, named item, multi-field item with quoted values")
  func anyListItem() throws {
    let pattern = "SecurityGroupIngress[*].Description"
    #expect(try Self.path(pattern, "SecurityGroupIngress[0].Description"))
    #expect(
      try Self.path(pattern, #"SecurityGroupIngress[CidrIp="0.0.0.0/0",FromPort=22,IpProtocol=tcp].Description"#))
    #expect(try !Self.path(pattern, "SecurityGroupIngress[0].CidrIp"))
    #expect(try !Self.path(pattern, "SecurityGroupIngress.Description"))
    #expect(try Self.path("spec.containers[*].image", "spec.containers[name=web].image"))
    #expect(try Self.path("spec.containers[name=web].image", "spec.containers[name=web].image"))
    #expect(try !Self.path("spec.containers[name=web].image", "spec.containers[name=api].image"))
    #expect(try Self.path("spec.containers[name=web-*]", "spec.containers[name=web-sidecar].image"))
    #expect(try Self.path("spec.tolerations[0]", "spec.tolerations[0].key"))
    #expect(try !Self.path("spec.tolerations[0]", "spec.tolerations[1].key"))
    // '[*]' is a list item, never a map key.
    #expect(try !Self.path("metadata.labels[*]", #"metadata.labels["app.kubernetes.io/name"]"#))
  }

  @Test("'**' matches any run of segments, none included")
  func anyRun() throws {
    #expect(try Self.path("spec.**.image", "spec.template.spec.containers[name=web].image"))
    #expect(try Self.path("spec.**.image", "spec.image"))
    #expect(try !Self.path("spec.**.image", "spec.template.spec.containers[name=web].command"))
    #expect(try Self.path("**.Description", "SecurityGroupIngress[0].Description"))
    #expect(try Self.path("**", "anything.at[0].all"))
  }

  @Test(
    "malformed globs are errors",
    arguments: ["", ".spec", "spec..x", "spec[", "spec[]", #"spec["unterminated]"#, "a]b"])
  func malformedPaths(pattern: String) {
    #expect(throws: GlobError.self) { try PathGlob(pattern) }
  }

  @Test("an empty resource glob is an error")
  func emptyResource() {
    #expect(throws: GlobError.self) { try AddressGlob("") }
  }

  @Test("matching is not exponential on hostile globs")
  func noBlowUp() throws {
    let stars = String(repeating: "*a", count: 40) + "b"
    let text = String(repeating: "a", count: 4000)
    #expect(try !AddressGlob(stars).matches(text))
    #expect(try !Self.path(String(repeating: "**.", count: 40) + "z", String(repeating: "a.", count: 500) + "b"))
    #expect(try !Self.path("k." + String(repeating: "*a", count: 40) + "b", "k." + String(repeating: "a", count: 4000)))
  }
}
