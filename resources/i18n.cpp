// The translations library carries only resources (the compiled .qm files);
// a static library needs at least one object file.
namespace sovereign {
int translationsLinked() { return 1; }
} // namespace sovereign
