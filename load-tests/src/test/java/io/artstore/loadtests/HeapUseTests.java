package io.artstore.loadtests;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The memory section reads the heap in use from {@code jcmd GC.heap_info}, whose layout
 * depends on the collector and the JDK (JDK 17's, taken after {@code GC.run} from a JVM
 * holding 40 MiB). Reading only the first line reported the serial collector's young
 * generation, nearly empty after a full GC, as the whole heap.
 */
class HeapUseTests {

	@Test
	void serialCollectorCountsBothGenerations() {
		String heapInfo = """
				 def new generation   total 39296K, used 12K [0x00000000f8000000, 0x00000000faaa0000, 0x00000000faaa0000)
				  eden space 34944K,   0% used [0x00000000f8000000, 0x00000000f8000000, 0x00000000fa220000)
				  from space 4352K,   0% used [0x00000000fa660000, 0x00000000fa660000, 0x00000000faaa0000)
				  to   space 4352K,   0% used [0x00000000fa220000, 0x00000000fa220000, 0x00000000fa660000)
				 tenured generation   total 87424K, used 43280K [0x00000000faaa0000, 0x0000000100000000, 0x0000000100000000)
				   the space 87424K,  49% used [0x00000000faaa0000, 0x00000000fd4e4148, 0x00000000fd4e4200, 0x0000000100000000)
				 Metaspace       used 9123K, committed 9344K, reserved 1114112K
				  class space    used 1094K, committed 1216K, reserved 1048576K
				""";

		assertThat(UploadBenchmark.heapUsedKib(heapInfo)).isEqualTo(12 + 43280);
	}

	@Test
	void parallelCollectorCountsBothGenerations() {
		String heapInfo = """
				 PSYoungGen      total 38400K, used 310K [0x00000000fd580000, 0x0000000100000000, 0x0000000100000000)
				  eden space 33280K, 0% used [0x00000000fd580000,0x00000000fd580000,0x00000000ff600000)
				 ParOldGen       total 87552K, used 43252K [0x00000000f8000000, 0x00000000fd580000, 0x00000000fd580000)
				 Metaspace       used 9123K, committed 9344K, reserved 1114112K
				""";

		assertThat(UploadBenchmark.heapUsedKib(heapInfo)).isEqualTo(310 + 43252);
	}

	@Test
	void g1CountsTheWholeHeapAndNotMetaspace() {
		String heapInfo = """
				 garbage-first heap   total 131072K, used 42851K [0x00000000f8000000, 0x0000000100000000)
				  region size 1024K, 1 young (1024K), 0 survivors (0K)
				 Metaspace       used 9123K, committed 9344K, reserved 1114112K
				""";

		assertThat(UploadBenchmark.heapUsedKib(heapInfo)).isEqualTo(42851);
	}

	@Test
	void g1OnJdk25NamesWhatIsReservedAndCommitted() {
		String heapInfo = """
				 garbage-first heap   total reserved 131072K, committed 131072K, used 42851K [0x00000000f8000000, 0x0000000100000000)
				  region size 1024K, 1 young (1024K), 0 survivors (0K)
				 Metaspace       used 9123K, committed 9344K, reserved 1114112K
				""";

		assertThat(UploadBenchmark.heapUsedKib(heapInfo)).isEqualTo(42851);
	}

	@Test
	void noHeapLineIsAnError() {
		assertThatIllegalStateException().isThrownBy(() -> UploadBenchmark.heapUsedKib("Metaspace used 9123K"));
	}

}
