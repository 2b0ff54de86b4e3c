# treemake.bash — make in the tree for the variant bin/ holds.
#
#   load helpers/treemake; tree_make build/fg-testserver
#
# A plain make would note "rel" as the variant in build/variant, and bin/'s
# sanitized tools would be taken for release ones by the next build; with
# the suite's files running side by side, by another file's build meanwhile.
tree_make() {
	local root="$BATS_TEST_DIRNAME/.." flags=()
	case $(cat "$root/build/variant" 2>/dev/null) in
	san) flags=(SANITIZE=1) ;;
	vg) flags=(VALGRIND=1) ;;
	esac
	make -s -C "$root" "${flags[@]}" "$@"
}
