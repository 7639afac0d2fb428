package dev.pitboss.operator;

import dev.pitboss.agones.real.AgonesBin;
import dev.pitboss.agones.real.RealAgones;
import dev.pitboss.agones.standin.AgonesRelease;
import dev.pitboss.testbed.TestBed;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real kube-apiserver + etcd from the test bed with our CRDs and Agones' own v1.60.0 CRDs
 * installed, read from {@code ../shared/agones/v1.60.0/} beside the repository (never copied into
 * it), with a plain create as Agones' own install does.
 */
final class Cluster implements AutoCloseable {
  static final List<String> OUR_CRDS =
      List.of("/crds/tables.pitboss.dev.yaml", "/crds/tournaments.pitboss.dev.yaml");

  static final String AGONES_VERSION = AgonesRelease.VERSION;

  final KubeAPIServer server;
  final KubernetesClient client;

  Cluster() {
    server = TestBed.startKubeApiServer();
    client = TestBed.client(server);
    var names = new ArrayList<String>();
    for (var path : OUR_CRDS) {
      var crd = load(Cluster.class.getResource(path));
      client.resource(crd).serverSideApply();
      names.add(crd.getMetadata().getName());
    }
    for (var crd : agonesCrds()) {
      client.resource(crd).create();
      names.add(crd.getMetadata().getName());
    }
    for (var name : names) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(name)
          .waitUntilCondition(TestBed::established, 30, TimeUnit.SECONDS);
    }
  }

  private CustomResourceDefinition load(java.net.URL url) {
    try (var in = url.openStream()) {
      return client.apiextensions().v1().customResourceDefinitions().load(in).item();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<GenericKubernetesResource> agonesCrds() {
    return AgonesRelease.crds();
  }

  /** Agones' release folder beside the repository (see {@link AgonesRelease}). */
  static Path agonesRelease() {
    return AgonesRelease.folder(repoFile(""));
  }

  /**
   * Agones itself, from {@code bin}, run out of cluster against this one; logs in a temporary
   * folder.
   */
  RealAgones realAgones(AgonesBin bin) throws Exception {
    return new RealAgones(
        client, server.getKubeConfigYaml(), bin, Files.createTempDirectory("pitboss-real-agones"));
  }

  /** A kubeconfig file for kubectl. */
  Path kubeconfig() throws IOException {
    var file = Files.createTempFile("pitboss-kubeconfig", ".yaml");
    Files.writeString(file, server.getKubeConfigYaml());
    return file;
  }

  static Path kubectl() {
    return Path.of(
        TestBedEnv.require("KUBE_API_TEST_DIR"),
        "k8s",
        TestBedEnv.require("PITBOSS_K8S_VERSION") + "-linux-amd64",
        "kubectl");
  }

  static Path repoFile(String relative) {
    try {
      var here = Path.of(Cluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // target/test-classes -> module -> repository root
      return here.getParent().getParent().getParent().resolve(relative);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes with a resourceVersion conflict when the operator wrote first: re-read and retry. */
  static void retryOnConflict(Runnable write) {
    for (int attempt = 0; ; attempt++) {
      try {
        write.run();
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt > 20) throw e;
      }
    }
  }

  @Override
  public void close() {
    client.close();
    server.stop();
  }

  static final class TestBedEnv {
    static String require(String name) {
      var value = System.getenv(name);
      if (value == null || value.isBlank()) {
        throw new IllegalStateException(name + " is not set: run e2e/bin/testbed up first");
      }
      return value;
    }
  }
}
