import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("Model: ResourceAddress and provenance")
struct ResourceModelTests {
  // MARK: - Addresses

  @Test(
    arguments: [
      ("Deployment", "apps", "shop", "web", "Deployment.apps/shop/web"),
      ("Service", "", "shop", "web", "Service/shop/web"),
      ("ConfigMap", "", "kube-system", "coredns", "ConfigMap/kube-system/coredns"),
      ("NetworkPolicy", "networking.k8s.io", "shop", "deny-all", "NetworkPolicy.networking.k8s.io/shop/deny-all"),
    ] as [(String, String, String, String, String)])
  func namespacedAddresses(kind: String, group: String, namespace: String, name: String, text: String) {
    let address = ResourceAddress.kubernetes(kind: kind, group: group, namespace: namespace, name: name)
    #expect(address.text == text)
    #expect(address.description == text)
    #expect(address.ecosystem == .kubernetes)
  }

  @Test func clusterScopedAddressesHaveNoNamespace() {
    #expect(
      ResourceAddress.kubernetes(kind: "ClusterRole", group: "rbac.authorization.k8s.io", namespace: nil, name: "view")
        .text
        == "ClusterRole.rbac.authorization.k8s.io/view")
    #expect(
      ResourceAddress.kubernetes(kind: "Namespace", group: "", namespace: nil, name: "shop").text == "Namespace/shop")
  }

  @Test func namesWithColonsAreKeptVerbatim() {
    let address = ResourceAddress.kubernetes(
      kind: "ClusterRoleBinding", group: "rbac.authorization.k8s.io", namespace: nil,
      name: "system:controller:endpoint-controller")
    #expect(address.text == "ClusterRoleBinding.rbac.authorization.k8s.io/system:controller:endpoint-controller")
  }

  @Test func identityDerivesAddressesFromObjects() throws {
    let deployment = try ModelFixture.yaml(
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      """)
    #expect(KubernetesIdentity.address(of: deployment, defaultNamespace: "default")?.text == "Deployment.apps/shop/web")
    let service = try ModelFixture.yaml("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n")
    #expect(KubernetesIdentity.address(of: service, defaultNamespace: "default")?.text == "Service/default/web")
    #expect(KubernetesIdentity.address(of: service, defaultNamespace: "shop")?.text == "Service/shop/web")
    #expect(KubernetesIdentity.address(of: service, defaultNamespace: nil)?.text == "Service/web")
    let role = try ModelFixture.yaml(
      """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: "system:aggregate-to-view", namespace: ignored}
      """)
    #expect(
      KubernetesIdentity.address(of: role, defaultNamespace: "shop")?.text
        == "ClusterRole.rbac.authorization.k8s.io/system:aggregate-to-view")
    let nameless = try ModelFixture.yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: x-}\n")
    #expect(KubernetesIdentity.address(of: nameless, defaultNamespace: "default") == nil)
  }

  @Test func addressesSortByEcosystemThenText() {
    let addresses = [
      ResourceAddress(ecosystem: .terraform, text: "aws_instance.app[0]"),
      ResourceAddress.kubernetes(kind: "Service", group: "", namespace: "shop", name: "web"),
      ResourceAddress.kubernetes(kind: "Deployment", group: "apps", namespace: "shop", name: "web"),
    ]
    #expect(addresses.sorted().map(\.text) == ["Deployment.apps/shop/web", "Service/shop/web", "aws_instance.app[0]"])
  }

  // MARK: - Provenance

  static let manifest = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
      labels:
        app.kubernetes.io/name: web
    spec:
      replicas: 3
      template:
        spec:
          containers:
            - name: web
              image: "nginx:1.25"
              ports:
                - containerPort: 8080
    """

  @Test(
    arguments: [
      ("spec.replicas", 9, 13),
      ("metadata.name", 4, 9),
      (#"metadata.labels["app.kubernetes.io/name"]"#, 7, 29),
      ("spec.template.spec.containers[name=web].image", 14, 18),
      ("spec.template.spec.containers[name=web]", 13, 11),
      ("spec.template.spec.containers[0].name", 13, 17),
      ("spec.template.spec.containers[name=web].ports[containerPort=8080,protocol=TCP].containerPort", 16, 30),
      ("spec.template.spec.containers[name=web].ports[containerPort=8080,protocol=TCP]", 16, 15),
    ] as [(String, Int, Int)])
  func provenanceOfAWrittenValueIsExact(path: String, line: Int, column: Int) throws {
    let resource = try ModelFixture.resource(Self.manifest)
    let provenance = resource.provenance(of: try ValuePath(parsing: path))
    #expect(provenance.file == "manifests/web.yaml")
    #expect(provenance.location == SourceLocation(file: "manifests/web.yaml", line: line, column: column))
    #expect(provenance.isExact)
    #expect(provenance.path.description == path)
  }

  @Test(
    arguments: [
      (
        "spec.template.spec.containers[name=web].securityContext.privileged", "spec.template.spec.containers[name=web]",
        13, 11
      ),
      ("spec.template.spec.hostNetwork", "spec.template.spec", 12, 7),
      ("spec.template.spec.containers[name=sidecar]", "spec.template.spec.containers", 13, 9),
      ("metadata.annotations", "metadata", 4, 3),
      ("status", "", 1, 1),
    ] as [(String, String, Int, Int)])
  func provenanceOfAMissingValueIsTheNearestWrittenParent(path: String, parent: String, line: Int, column: Int) throws {
    let resource = try ModelFixture.resource(Self.manifest)
    let provenance = resource.provenance(of: try ValuePath(parsing: path))
    #expect(!provenance.isExact)
    #expect(provenance.path.description == parent)
    #expect(provenance.location?.line == line)
    #expect(provenance.location?.column == column)
  }

  @Test func provenanceWithoutASourceHasNoLocation() {
    let resource = Resource(
      address: .kubernetes(kind: "ConfigMap", group: "", namespace: "shop", name: "x"), value: ["data": ["k": "v"]],
      source: nil, span: nil)
    let provenance = resource.provenance(of: try! ValuePath(parsing: "data.k"))
    #expect(provenance.file == nil)
    #expect(provenance.location == nil)
    #expect(!provenance.isExact)
  }

  @Test func resourceLocationIsTheStartOfItsDocument() throws {
    let text =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n# second\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n"
    let file = SourceFile(path: "two.yaml", text: text)
    var factory = ValueTreeFactory(schema: .kubernetes, file: file)
    let documents = try YAMLParser().assemble(file, factory: &factory)
    #expect(documents.count == 2)
    let second = try #require(documents.last)
    let resource = Resource(
      address: .kubernetes(kind: "ConfigMap", group: "", namespace: "default", name: "b"),
      value: try #require(second.root),
      source: file, span: second.span)
    #expect(resource.location == SourceLocation(file: "two.yaml", line: 6, column: 1))
    #expect(resource.provenance(of: try ValuePath(parsing: "metadata.name")).location?.line == 8)
  }
}
