import DriftbackSyntax
import Testing

@testable import Driftback

@Suite struct ContainerDefaultsNormalizerTests {
  static let id = ContainerDefaultsNormalizer().id

  @Test(arguments: [
    ("nginx", "Always"),
    ("nginx:latest", "Always"),
    ("nginx:1.27", "IfNotPresent"),
    ("docker.io/library/nginx:1.27-alpine", "IfNotPresent"),
    ("registry.local:5000/shop/web", "Always"),
    ("registry.local:5000/shop/web:2.1", "IfNotPresent"),
    ("ghcr.io/shop/web@sha256:3f0c7a6e1d9b2c4a5e8f7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928", "IfNotPresent"),
    ("ghcr.io/shop/web:latest@sha256:3f0c7a6e1d9b2c4a5e8f7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928", "Always"),
  ])
  func defaultPullPolicy(image: String, policy: String) {
    #expect(ContainerDefaultsNormalizer.defaultPullPolicy(forImage: image) == policy)
  }

  static func deploymentIaC(image: String = "ghcr.io/shop/web:2.4.1", resources: String = "{}") -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
    spec:
      replicas: 2
      selector:
        matchLabels:
          app: web
      template:
        metadata:
          labels:
            app: web
        spec:
          initContainers:
          - name: migrate
            image: ghcr.io/shop/migrate
          containers:
          - name: web
            image: \(image)
            resources: \(resources)
            ports:
            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9090
              protocol: TCP
            env:
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: CPU_LIMIT
              valueFrom:
                resourceFieldRef:
                  resource: limits.cpu
            livenessProbe:
              httpGet:
                port: http
            readinessProbe:
              httpGet:
                path: /ready
                port: http
              initialDelaySeconds: 5
            lifecycle:
              preStop:
                httpGet:
                  path: /drain
                  port: http
    """
  }

  static func deploymentLive(
    image: String = "ghcr.io/shop/web:2.4.1", pullPolicy: String = "IfNotPresent", periodSeconds: Int = 10,
    resources: String = "{}"
  ) -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
    spec:
      progressDeadlineSeconds: 600
      replicas: 2
      revisionHistoryLimit: 10
      selector:
        matchLabels:
          app: web
      strategy:
        rollingUpdate:
          maxSurge: 25%
          maxUnavailable: 25%
        type: RollingUpdate
      template:
        metadata:
          creationTimestamp: null
          labels:
            app: web
        spec:
          containers:
          - env:
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  apiVersion: v1
                  fieldPath: metadata.name
            - name: CPU_LIMIT
              valueFrom:
                resourceFieldRef:
                  divisor: "0"
                  resource: limits.cpu
            image: \(image)
            imagePullPolicy: \(pullPolicy)
            lifecycle:
              preStop:
                httpGet:
                  path: /drain
                  port: http
                  scheme: HTTP
            livenessProbe:
              failureThreshold: 3
              httpGet:
                path: /
                port: http
                scheme: HTTP
              periodSeconds: \(periodSeconds)
              successThreshold: 1
              timeoutSeconds: 1
            name: web
            ports:
            - containerPort: 8080
              name: http
              protocol: TCP
            - containerPort: 9090
              name: metrics
              protocol: TCP
            readinessProbe:
              failureThreshold: 3
              httpGet:
                path: /ready
                port: http
                scheme: HTTP
              initialDelaySeconds: 5
              periodSeconds: 10
              successThreshold: 1
              timeoutSeconds: 1
            resources: \(resources)
            terminationMessagePath: /dev/termination-log
            terminationMessagePolicy: File
          dnsPolicy: ClusterFirst
          initContainers:
          - image: ghcr.io/shop/migrate
            imagePullPolicy: Always
            name: migrate
            resources: {}
            terminationMessagePath: /dev/termination-log
            terminationMessagePolicy: File
          restartPolicy: Always
          schedulerName: default-scheduler
          securityContext: {}
          terminationGracePeriodSeconds: 30
    """
  }

  @Test func containerDefaultsAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.deploymentIaC(), live: Self.deploymentLive()) == [])
    let without = try NormalizerFixture.changes(
      iac: Self.deploymentIaC(), live: Self.deploymentLive(), without: Self.id)
    let web = "spec.template.spec.containers[name=web]"
    for expected in [
      "\(web).imagePullPolicy added", "\(web).terminationMessagePath added",
      "\(web).ports[containerPort=8080,protocol=TCP].protocol added", "\(web).livenessProbe.httpGet.path added",
      "\(web).livenessProbe.periodSeconds added", "\(web).readinessProbe.httpGet.scheme added",
      "\(web).lifecycle.preStop.httpGet.scheme added", "\(web).env[name=POD_NAME].valueFrom.fieldRef.apiVersion added",
      "\(web).env[name=CPU_LIMIT].valueFrom.resourceFieldRef.divisor added",
      "spec.template.spec.initContainers[name=migrate].imagePullPolicy added",
    ] {
      #expect(without.contains(expected), "\(expected)")
    }
  }

  @Test func pullPolicyThatIsNotTheImageDefaultIsReported() throws {
    // `Always` is not the default for a tagged image.
    #expect(
      try NormalizerFixture.changes(iac: Self.deploymentIaC(), live: Self.deploymentLive(pullPolicy: "Always"))
        == ["spec.template.spec.containers[name=web].imagePullPolicy added"])
  }

  @Test func pullPolicyFollowsTheLiveImage() throws {
    // The image was switched to :latest at runtime; Always comes with it and is not a second finding.
    let changes = try NormalizerFixture.changes(
      iac: Self.deploymentIaC(), live: Self.deploymentLive(image: "ghcr.io/shop/web:latest", pullPolicy: "Always"))
    #expect(changes == ["spec.template.spec.containers[name=web].image changed"])
  }

  @Test func nonDefaultProbeSettingIsReported() throws {
    #expect(
      try NormalizerFixture.changes(iac: Self.deploymentIaC(), live: Self.deploymentLive(periodSeconds: 30))
        == ["spec.template.spec.containers[name=web].livenessProbe.periodSeconds added"])
  }

  @Test func cleaningRemovesContainerDefaults() throws {
    let cleaned = try NormalizerFixture.clean(Self.deploymentLive())
    let container = try #require(cleaned.value(at: ["spec", "template", "spec"])?["containers"]?.list?.first)
    for key in ["imagePullPolicy", "terminationMessagePath", "terminationMessagePolicy", "resources"] {
      #expect(container[key] == nil, "\(key)")
    }
    #expect(container["livenessProbe"] == ["httpGet": ["port": "http"]])
    #expect(container["ports"]?.list?.first == ["containerPort": 8080, "name": "http"])
    #expect(container["env"]?.list?.first?["valueFrom"] == ["fieldRef": ["fieldPath": "metadata.name"]])
  }

  // MARK: - Bare Pod requests

  static let podIaC = """
    apiVersion: v1
    kind: Pod
    metadata:
      name: worker
      namespace: shop
    spec:
      containers:
      - name: worker
        image: ghcr.io/shop/worker:5.0.0
        resources:
          limits:
            cpu: 500m
            memory: 512Mi
    """

  static func podLive(memoryRequest: String = "512Mi") -> String {
    """
    apiVersion: v1
    kind: Pod
    metadata:
      name: worker
      namespace: shop
    spec:
      containers:
      - image: ghcr.io/shop/worker:5.0.0
        imagePullPolicy: IfNotPresent
        name: worker
        resources:
          limits:
            cpu: 500m
            memory: 512Mi
          requests:
            cpu: 500m
            memory: \(memoryRequest)
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      enableServiceLinks: true
      restartPolicy: Always
    """
  }

  @Test func podRequestsCopiedFromLimitsAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.podIaC, live: Self.podLive()) == [])
    #expect(
      try NormalizerFixture.changes(iac: Self.podIaC, live: Self.podLive(), without: Self.id).contains(
        "spec.containers[name=worker].resources.requests added"))
    let changes = try NormalizerFixture.changeList(iac: Self.podIaC, live: Self.podLive(memoryRequest: "256Mi"))
    #expect(
      changes.map { "\($0.path) \($0.kind.rawValue)" } == ["spec.containers[name=worker].resources.requests added"])
    #expect(changes.first?.live == ["memory": "256Mi"])
  }

  @Test func templateRequestsEqualToLimitsAreDrift() throws {
    // Only Pods get requests from limits; in a template they were written by someone.
    let iac = Self.deploymentIaC(resources: "{limits: {cpu: 500m}}")
    let live = Self.deploymentLive(resources: "{limits: {cpu: 500m}, requests: {cpu: 500m}}")
    #expect(
      try NormalizerFixture.changes(iac: iac, live: live) == [
        "spec.template.spec.containers[name=web].resources.requests added"
      ])
  }
}
