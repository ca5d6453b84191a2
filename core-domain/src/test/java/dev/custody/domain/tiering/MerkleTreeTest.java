package dev.custody.domain.tiering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.chain.Sha256;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    /** The leaves and roots of the Certificate Transparency reference tests (RFC 6962 / RFC 9162 hashing). */
    private static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f"};
    private static final String[] ROOTS = {
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    @Test
    void emptyTree_isTheHashOfNothing() {
        assertThat(new MerkleTree().rootHex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void rootsMatchTheCertificateTransparencyVectors() {
        MerkleTree tree = new MerkleTree();
        for (int i = 0; i < LEAVES.length; i++) {
            tree.add(HexFormat.of().parseHex(LEAVES[i]));
            assertThat(tree.rootHex()).as("root of the first %s leaves", i + 1).isEqualTo(ROOTS[i]);
        }
    }

    @Test
    void incrementalRoot_equalsTheRecursiveDefinition_forEverySizeUpTo130() {
        Random random = new Random(42);
        List<byte[]> leaves = new ArrayList<>();
        MerkleTree tree = new MerkleTree();
        for (int n = 1; n <= 130; n++) {
            byte[] leaf = new byte[random.nextInt(40)];
            random.nextBytes(leaf);
            leaves.add(leaf);
            tree.add(leaf);
            assertThat(tree.rootHex()).as("n=%s", n).isEqualTo(Sha256.toHex(mth(leaves)));
        }
    }

    @Test
    void aChangedLeaf_changesTheRoot() {
        MerkleTree a = new MerkleTree();
        MerkleTree b = new MerkleTree();
        for (int i = 0; i < 5; i++) {
            a.add(new byte[] {(byte) i});
            b.add(new byte[] {(byte) (i == 3 ? 9 : i)});
        }
        assertThat(a.rootHex()).isNotEqualTo(b.rootHex());
    }

    /** RFC 9162 §2.1.1, written as the recursion. */
    private static byte[] mth(List<byte[]> d) {
        MessageDigest md = Sha256.newDigest();
        if (d.size() == 1) {
            md.update((byte) 0);
            md.update(d.get(0));
            return md.digest();
        }
        int k = Integer.highestOneBit(d.size() - 1);
        byte[] l = mth(d.subList(0, k));
        byte[] r = mth(d.subList(k, d.size()));
        md.update((byte) 1);
        md.update(l);
        md.update(r);
        return md.digest();
    }
}
