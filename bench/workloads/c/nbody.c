// N-body simulation of the outer planets around the Sun (symplectic Euler steps): f64
// arithmetic and sqrt only, which IEEE 754 rounds exactly, so the final bits are portable.
#include <math.h>

#include "workload.h"

#define NBODIES 5

typedef struct {
  double x, y, z, vx, vy, vz, mass;
} body;

static const double kPi = 3.141592653589793;
static const double kDaysPerYear = 365.24;

static double energy(const body* b) {
  double e = 0.0;
  for (int i = 0; i < NBODIES; ++i) {
    e += 0.5 * b[i].mass * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
    for (int j = i + 1; j < NBODIES; ++j) {
      double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
      e -= b[i].mass * b[j].mass / sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

static void advance(body* b, double dt) {
  for (int i = 0; i < NBODIES; ++i) {
    for (int j = i + 1; j < NBODIES; ++j) {
      double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
      double d2 = dx * dx + dy * dy + dz * dz;
      double mag = dt / (d2 * sqrt(d2));
      double mi = b[i].mass * mag, mj = b[j].mass * mag;
      b[i].vx -= dx * mj;
      b[i].vy -= dy * mj;
      b[i].vz -= dz * mj;
      b[j].vx += dx * mi;
      b[j].vy += dy * mi;
      b[j].vz += dz * mi;
    }
  }
  for (int i = 0; i < NBODIES; ++i) {
    b[i].x += dt * b[i].vx;
    b[i].y += dt * b[i].vy;
    b[i].z += dt * b[i].vz;
  }
}

int main(int argc, char** argv) {
  uint32_t steps = wl_size_arg(argc, argv, 1500000);
  const double solar_mass = 4.0 * kPi * kPi;
  // Positions in AU, velocities in AU/day, masses in solar masses.
  body b[NBODIES] = {
      {0, 0, 0, 0, 0, 0, 1.0},
      {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
       1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
       9.54791938424326609e-04},
      {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
       -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
       2.85885980666130812e-04},
      {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
       2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
       4.36624404335156298e-05},
      {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
       2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
       5.15138902046611451e-05},
  };
  for (int i = 0; i < NBODIES; ++i) {
    b[i].vx *= kDaysPerYear;
    b[i].vy *= kDaysPerYear;
    b[i].vz *= kDaysPerYear;
    b[i].mass *= solar_mass;
  }
  // Give the Sun the momentum that makes the system's total zero.
  double px = 0, py = 0, pz = 0;
  for (int i = 0; i < NBODIES; ++i) {
    px += b[i].vx * b[i].mass;
    py += b[i].vy * b[i].mass;
    pz += b[i].vz * b[i].mass;
  }
  b[0].vx = -px / solar_mass;
  b[0].vy = -py / solar_mass;
  b[0].vz = -pz / solar_mass;

  uint64_t h = wl_double_bits(energy(b));
  for (uint32_t s = 0; s < steps; ++s) advance(b, 0.01);
  double e = energy(b);
  h = wl_mix(h, wl_double_bits(e));
  for (int i = 0; i < NBODIES; ++i) {
    h = wl_mix(h, wl_double_bits(b[i].x));
    h = wl_mix(h, wl_double_bits(b[i].y));
    h = wl_mix(h, wl_double_bits(b[i].z));
  }
  printf("steps %" PRIu32 ", energy bits 0x%016" PRIx64 "\n", steps, wl_double_bits(e));
  wl_print_checksum(h);
  return 0;
}
