#include "core/demo_registry_data.hpp"

namespace aduan::demo {
namespace {

// --- given names and surnames by region -----------------------------------------------------

constexpr const char* kJavaneseM[] = {"Agus", "Bambang", "Budi", "Joko", "Slamet", "Sugeng", "Wahyu", "Eko",
                                      "Dwi", "Tri", "Heru", "Hadi", "Teguh", "Yudi", "Bayu", "Rudi", "Arif",
                                      "Sutrisno", "Suryadi", "Gunawan", "Puji", "Prasetyo", "Anton", "Widodo"};
constexpr const char* kJavaneseF[] = {"Sri", "Siti", "Endang", "Dewi", "Wulan", "Ratna", "Tutik", "Yuni",
                                      "Sulastri", "Suparmi", "Ayu", "Retno", "Sumarni", "Nining", "Rini",
                                      "Tri", "Dwi", "Kartini", "Indah", "Lestari", "Murni", "Winarti"};
constexpr const char* kJavaneseLastM[] = {"Santoso", "Susilo", "Wibowo", "Prasetyo", "Setiawan", "Nugroho",
                                          "Kurniawan", "Hartono", "Saputro", "Purnomo", "Wijayanto", "Utomo",
                                          "Hidayat", "Sutanto", "Riyadi", "Mulyono", "Sasongko", "Raharjo"};
constexpr const char* kJavaneseLastF[] = {"Rahayu", "Lestari", "Wahyuningsih", "Handayani", "Purwanti",
                                          "Susanti", "Wulandari", "Rahmawati", "Suryani", "Kusumawati",
                                          "Astuti", "Pratiwi", "Setyowati", "Haryanti", "Utami", "Wahyuni"};

constexpr const char* kSundaneseM[] = {"Asep", "Ujang", "Dede", "Cecep", "Dadang", "Yayan", "Iwan", "Acep",
                                       "Deden", "Jajang", "Rohman", "Ade", "Tatang", "Agus", "Dedi", "Ujang",
                                       "Wawan", "Endang", "Budi", "Herman"};
constexpr const char* kSundaneseF[] = {"Euis", "Neng", "Iis", "Imas", "Cucu", "Eneng", "Yati", "Nenden",
                                       "Rina", "Enok", "Lilis", "Ai", "Wiwin", "Tuti", "Yuyun", "Elis",
                                       "Nani", "Dewi", "Siti"};
constexpr const char* kSundaneseLastM[] = {"Sutisna", "Supriatna", "Hidayat", "Kurnia", "Suherman",
                                           "Saepudin", "Rukmana", "Permana", "Gunawan", "Mulyana",
                                           "Kusnadi", "Setiadi", "Ruhiyat", "Sobari", "Nugraha"};
constexpr const char* kSundaneseLastF[] = {"Marlina", "Nurhayati", "Rosita", "Kurniasih", "Sumiati",
                                           "Komalasari", "Rohaeni", "Mulyani", "Sukmawati", "Nurjanah",
                                           "Maryani", "Herawati", "Rosmiati"};

constexpr const char* kUrbanM[] = {"Rizky", "Fajar", "Dimas", "Aditya", "Reza", "Yoga", "Ilham", "Bagus",
                                   "Rangga", "Farhan", "Hafiz", "Raka", "Dani", "Kevin", "Galih", "Arya",
                                   "Naufal", "Fikri", "Rafi", "Bima"};
constexpr const char* kUrbanF[] = {"Nabila", "Putri", "Anisa", "Dinda", "Citra", "Nadia", "Ayu", "Tiara",
                                   "Salsabila", "Aulia", "Intan", "Rani", "Amelia", "Shinta", "Maya",
                                   "Aisyah", "Zahra", "Nurul", "Dian", "Fitri"};
constexpr const char* kUrbanLastM[] = {"Pratama", "Saputra", "Ramadhan", "Nugraha", "Firmansyah", "Maulana",
                                       "Hakim", "Kusuma", "Permana", "Syahputra", "Wicaksono", "Adiputra",
                                       "Hidayatullah", "Prakoso", "Mahendra"};
constexpr const char* kUrbanLastF[] = {"Lestari", "Maharani", "Permatasari", "Rahmadani", "Anggraini",
                                       "Safitri", "Puspita", "Oktaviani", "Kusumawardani", "Ramadhani",
                                       "Novitasari", "Pertiwi", "Wardhani", "Amalia"};

constexpr const char* kBatakM[] = {"Parlindungan", "Togar", "Martua", "Hotman", "Saut", "Poltak", "Benny",
                                   "Robert", "Daniel", "Sahat", "Tigor", "Mangasi", "Jonny", "Ronald",
                                   "Halomoan", "Marihot", "Bonar", "Samuel", "Fernando", "Rudi"};
constexpr const char* kBatakF[] = {"Rosmawati", "Tiurma", "Sondang", "Nurmala", "Rotua", "Lasmaria",
                                   "Hotmaida", "Dame", "Riris", "Ruth", "Friska", "Lamria", "Erna",
                                   "Sarma", "Nova", "Debora", "Rosdiana", "Melati"};
constexpr const char* kBatakMarga[] = {"Sitorus", "Simanjuntak", "Nainggolan", "Siregar", "Harahap",
                                       "Lubis", "Nasution", "Hutapea", "Panjaitan", "Situmorang", "Sinaga",
                                       "Tampubolon", "Simatupang", "Pardede", "Manurung", "Hutagalung",
                                       "Silalahi", "Sihombing", "Pasaribu", "Ginting", "Sembiring",
                                       "Tarigan", "Damanik", "Purba", "Saragih", "Napitupulu"};

constexpr const char* kMinangM[] = {"Rizal", "Syafrizal", "Hendri", "Yusrizal", "Afrizal", "Zulkifli",
                                    "Fauzi", "Irwan", "Andri", "Rahmat", "Ilham", "Yulizar", "Efendi",
                                    "Masrul", "Darmawan", "Novrizal", "Zulhendri"};
constexpr const char* kMinangF[] = {"Fitri", "Yuliarni", "Nofriyanti", "Elvira", "Desmawati", "Nurhasanah",
                                    "Rahmi", "Yelfi", "Zurmiati", "Mardiah", "Yusnidar", "Rosnelly",
                                    "Afni", "Syafrida", "Wirda"};
constexpr const char* kMinangLastM[] = {"Putra", "Syahputra", "Chaniago", "Tanjung", "Piliang", "Koto",
                                        "Sikumbang", "Jambak", "Malik", "Dt. Rajo Basa"};
constexpr const char* kMinangLastF[] = {"Putri", "Yanti", "Yenti", "Sari", "Tanjung", "Chaniago", "Koto",
                                        "Novita", "Rahmadani"};

constexpr const char* kAcehM[] = {"Muhammad", "Rizki", "Zulfikar", "Mahfud", "Fakhrurrazi", "Munawar",
                                  "Saiful", "Khairul", "Azhari", "Mukhlis", "Iqbal", "Fadhil", "Nasrul",
                                  "Zulkarnaini", "Maimun"};
constexpr const char* kAcehF[] = {"Nurul", "Safrida", "Rahmah", "Zahratul", "Nurhayati", "Husna", "Mutia",
                                  "Rauzah", "Fitriani", "Cut Nyak", "Aja", "Maulidar", "Khairiah",
                                  "Nurlaila"};
constexpr const char* kAcehLastM[] = {"Husaini", "Ibrahim", "Yusuf", "Abdullah", "Ismail", "Hasan",
                                      "Mahmud", "Zakaria", "Daud", "Ahmad", "Basyah", "Syahputra"};
constexpr const char* kAcehLastF[] = {"Aini", "Rahmah", "Hayati", "Fajriah", "Maulida", "Zahara", "Fitri",
                                      "Safitri", "Mawaddah", "Yusra"};

constexpr const char* kMalayM[] = {"Syahrul", "Zainal", "Hamzah", "Azmi", "Fadli", "Harun", "Rahman",
                                   "Rusli", "Jamal", "Firdaus", "Hendra", "Yusuf", "Amran", "Saipul",
                                   "Darwis", "Iskandar", "Kamaruddin", "Effendi"};
constexpr const char* kMalayF[] = {"Nurlela", "Zainab", "Aisyah", "Rosnah", "Halimah", "Fatimah", "Sumiyati",
                                   "Yusnaini", "Salmah", "Rohani", "Mariani", "Zubaidah", "Masitah",
                                   "Juliana", "Erni", "Nurbaiti"};
constexpr const char* kMalayLastM[] = {"Abdullah", "Ismail", "Hamid", "Effendi", "Saputra", "Syahputra",
                                       "Rahman", "Hasibuan", "Yusuf", "Idris", "Ali", "Tambunan"};
constexpr const char* kMalayLastF[] = {"Wati", "Sari", "Ningsih", "Yanti", "Hasanah", "Susanti",
                                       "Rahmawati", "Fitriani", "Yulianti"};

constexpr const char* kBugisM[] = {"Muhammad", "Ilham", "Syamsul", "Ridwan", "Baso", "Haeruddin", "Jufri",
                                   "Amiruddin", "Syahrir", "Nasrullah", "Arman", "Irfan", "Hamka",
                                   "Rusdi", "Akbar", "Asri", "Sudirman", "Takdir"};
constexpr const char* kBugisF[] = {"Nurhayati", "Hasnawati", "Sitti", "Rosdiana", "Sumarni", "Nurbaya",
                                   "Hasriani", "Kartini", "Sahriani", "Jumriati", "Besse", "Irmawati",
                                   "Nurjannah", "Hasmawati", "Musdalifah", "Fatmawati"};
constexpr const char* kBugisLastM[] = {"Ramli", "Kadir", "Hamzah", "Rahim", "Tahir", "Syam", "Baharuddin",
                                       "Latif", "Rasyid", "Mappaturung", "Arifin", "Nur", "Amir",
                                       "Sallatu", "Pawelloi"};
constexpr const char* kBugisLastF[] = {"Nur", "Syam", "Yanti", "Rahman", "Ramli", "Tahir", "Hamid",
                                       "Sari", "Amir"};

constexpr const char* kBalineseOrderM[] = {"Wayan", "Putu", "Gede", "Made", "Kadek", "Nengah", "Nyoman",
                                           "Komang", "Ketut"};
constexpr const char* kBalineseOrderF[] = {"Wayan", "Putu", "Luh", "Made", "Kadek", "Nengah", "Nyoman",
                                           "Komang", "Ketut"};
constexpr const char* kBalineseM[] = {"Sudarsana", "Suparta", "Artawan", "Mahendra", "Wirawan", "Adnyana",
                                      "Sukarta", "Arimbawa", "Budiarta", "Sudiana", "Wiranata",
                                      "Suardana", "Darmawan", "Agus Widiantara", "Eka Saputra",
                                      "Dharma Putra"};
constexpr const char* kBalineseF[] = {"Ayu Lestari", "Sri Wahyuni", "Ariani", "Suastini", "Sukerti",
                                      "Widiantari", "Purnamasari", "Dewi", "Kartika", "Ayu Sukmawati",
                                      "Sriasih", "Juliantari", "Eka Pratiwi", "Yuliastini"};

constexpr const char* kChineseM[] = {"Kevin", "Michael", "Stefanus", "Hendra", "Budi", "Andreas", "Yohanes",
                                     "Felix", "William", "Rudy", "Hendrik", "Edward", "Steven", "Jimmy",
                                     "Ferry", "Tony", "Wilson", "Darren", "Jonathan", "Vincent"};
constexpr const char* kChineseF[] = {"Jessica", "Felicia", "Yohana", "Lina", "Susanti", "Wenny", "Meliana",
                                     "Grace", "Veronika", "Cindy", "Lili", "Linda", "Mei Ling", "Angela",
                                     "Evelyn", "Natalia", "Shirley", "Vivian"};
constexpr const char* kChineseLast[] = {"Wijaya", "Halim", "Gunawan", "Tanoto", "Salim", "Kurniawan",
                                        "Santoso", "Hartono", "Susanto", "Tanjaya", "Setiadi", "Lim",
                                        "Tan", "Liem", "Sutanto", "Winata", "Tjahjadi", "Chandra",
                                        "Lukito", "Hermawan", "Widjaja", "Sugianto", "Kosasih", "Oei"};

constexpr const char* kMinahasaM[] = {"Frangky", "Stenly", "Jefry", "Alfrits", "Ronald", "Hendrik", "Denny",
                                      "Rendy", "Yosua", "Marthen", "Vicky", "Johny", "Reinhard", "Noldy",
                                      "Fransiskus"};
constexpr const char* kMinahasaF[] = {"Meiske", "Olivia", "Deasy", "Christin", "Novita", "Sherly", "Vanny",
                                      "Jeane", "Lenny", "Stevi", "Femmy", "Grace", "Marlyn", "Vivi"};
constexpr const char* kMinahasaLast[] = {"Wenas", "Rumondor", "Lumentut", "Tumbelaka", "Pangemanan",
                                         "Sondakh", "Kawilarang", "Mandagi", "Lumanauw", "Rompas",
                                         "Walangitan", "Pontoh", "Tangkau", "Sumampouw", "Kaunang",
                                         "Runtuwene", "Tumiwa", "Karamoy"};

constexpr const char* kMalukuM[] = {"Yosias", "Johanis", "Petrus", "Abraham", "Izaak", "Marthinus", "Frans",
                                    "Ahmad", "Rahman", "Semuel", "Melkianus", "Hasan", "Jacob"};
constexpr const char* kMalukuF[] = {"Yuliana", "Martha", "Elisabeth", "Maria", "Agustina", "Siti", "Nona",
                                    "Paulina", "Hadija", "Wa Ode", "Sarlota", "Fatma"};
constexpr const char* kMalukuLast[] = {"Latuconsina", "Tuanakotta", "Pattinasarany", "Sahetapy",
                                       "Matulessy", "Leiwakabessy", "Ohorella", "Tuasikal", "Pelupessy",
                                       "Wattimena", "Lekatompessy", "Lewerissa", "Tahapary", "Sopacua",
                                       "Marasabessy", "Salampessy"};

constexpr const char* kPapuanM[] = {"Yohanis", "Markus", "Yakobus", "Otniel", "Semuel", "Petrus",
                                    "Yulianus", "Frans", "Elias", "Nataniel", "Yosep", "Obet", "Lukas",
                                    "Daniel", "Simon"};
constexpr const char* kPapuanF[] = {"Agustina", "Ruth", "Yohana", "Fransina", "Debora", "Ribka", "Naomi",
                                    "Marlina", "Selvi", "Yuliana", "Mince", "Ester", "Yosina", "Dorkas"};
constexpr const char* kPapuanLast[] = {"Wenda", "Kogoya", "Rumbiak", "Mandowen", "Wonda", "Tabuni",
                                       "Yoweni", "Wanimbo", "Kambu", "Rumkorem", "Krey", "Karubaba",
                                       "Murib", "Mofu", "Sawaki", "Ayomi", "Korwa", "Womsiwor", "Gebze",
                                       "Kaize", "Yikwa"};

constexpr const char* kNttM[] = {"Yohanes", "Fransiskus", "Aloysius", "Yosef", "Maximus", "Kornelis",
                                 "Agustinus", "Dominikus", "Emanuel", "Paulus", "Yeremias", "Mikael",
                                 "Benediktus", "Stefanus"};
constexpr const char* kNttF[] = {"Maria", "Yuliana", "Florentina", "Veronika", "Theresia", "Margareta",
                                 "Bernadeta", "Fransiska", "Anastasia", "Kristina", "Yasinta",
                                 "Imelda"};
constexpr const char* kNttLast[] = {"Nenobais", "Benu", "Ndun", "Manafe", "Tefa", "Lamawuran", "Da Silva",
                                    "Fernandez", "Kelen", "Lado", "Laka", "Wuwur", "Ratu", "Mere",
                                    "Bria", "Seran", "Djami", "Nahak", "Tanggu", "Making"};

constexpr const char* kSasakM[] = {"Muhammad", "Zulkarnain", "Saparudin", "Hairul", "Samsul", "Juhaidi",
                                   "Rusdi", "Hasanudin", "Mahsun", "Sahnan", "Supardi", "Hamdan",
                                   "Khairul"};
constexpr const char* kSasakF[] = {"Nurul", "Hidayati", "Rohani", "Juhriah", "Sumiati", "Nurhasanah",
                                   "Maesarah", "Rabiah", "Saodah", "Hernawati", "Nurhidayah",
                                   "Sahnun"};
constexpr const char* kSasakLastM[] = {"Hakim", "Hasan", "Yani", "Apriadi", "Ramdani", "Azhar",
                                       "Fauzan", "Wardi", "Rifai"};
constexpr const char* kSasakLastF[] = {"Hidayati", "Wati", "Apriani", "Sari", "Rahmi", "Yuliani",
                                       "Mardiana"};

constexpr const char* kBanjarM[] = {"Muhammad", "Ahmad", "Rahmadi", "Syahrani", "Saberi", "Fahrurrazi",
                                    "Hairul", "Mahyudin", "Normansyah", "Ridhani", "Gazali",
                                    "Aspiannor", "Rusliansyah", "Jumberi"};
constexpr const char* kBanjarF[] = {"Noor", "Siti", "Rusmiati", "Hairiyah", "Mahrita", "Rabiatul",
                                    "Nafisah", "Noorhasanah", "Hamidah", "Masliana", "Rahmah",
                                    "Jamilah"};
constexpr const char* kBanjarLastM[] = {"Noor", "Rahman", "Saputra", "Hakim", "Yusuf", "Effendi",
                                        "Arsyad", "Mahmud", "Ansyari"};
constexpr const char* kBanjarLastF[] = {"Hayati", "Adawiyah", "Aulia", "Ramadhani", "Wahidah",
                                        "Hasanah", "Sari", "Yanti"};

constexpr const char* kDayakM[] = {"Antonius", "Yulius", "Sabinus", "Agustinus", "Kristian", "Markus",
                                   "Andreas", "Lukas", "Paulus", "Yakobus", "Tuah", "Bahen"};
constexpr const char* kDayakF[] = {"Yuliana", "Maria", "Lusiana", "Kristina", "Helena", "Elisabeth",
                                   "Margaretha", "Erika", "Yohana", "Dewi", "Natalia"};
constexpr const char* kDayakLast[] = {"Usop", "Tundjung", "Tingang", "Lambung", "Nyangun", "Lawing",
                                      "Djaman", "Anyi", "Bilung", "Ngo", "Lahang", "Jalung", "Ibau",
                                      "Bayau", "Langit"};

constexpr const char* kSulawesiM[] = {"Rahmat", "Ismail", "Yusuf", "Fadli", "Hendra", "Ridwan", "Syarif",
                                      "Arifin", "Sofyan", "Moh.", "Rizal", "Irwan", "Taufik", "Hamdi"};
constexpr const char* kSulawesiF[] = {"Nurain", "Fatmawati", "Hasna", "Risna", "Sri", "Masita", "Ningsih",
                                      "Rahmawati", "Nurhayati", "Sartika", "Yuyun", "Mariam"};
constexpr const char* kSulawesiLast[] = {"Pakaya", "Katili", "Gobel", "Nusi", "Hulopi", "Lamato",
                                         "Lasimpala", "Djafar", "Tombolotutu", "Lamarauna", "Daud",
                                         "Usman", "Mointi", "Panigoro", "Dunggio"};

constexpr NameStyle kStyles[kStyleCount] = {
    {"Javanese", pool(kJavaneseM), pool(kJavaneseF), pool(kJavaneseLastM), pool(kJavaneseLastF), false,
     nullptr, nullptr, 0, 10, 15},
    {"Sundanese", pool(kSundaneseM), pool(kSundaneseF), pool(kSundaneseLastM), pool(kSundaneseLastF),
     false, nullptr, nullptr, 0, 5, 10},
    {"Urban", pool(kUrbanM), pool(kUrbanF), pool(kUrbanLastM), pool(kUrbanLastF), false, nullptr,
     nullptr, 0, 30, 0},
    {"Batak", pool(kBatakM), pool(kBatakF), pool(kBatakMarga), pool(kBatakMarga), true, nullptr,
     nullptr, 0, 15, 0},
    {"Minang", pool(kMinangM), pool(kMinangF), pool(kMinangLastM), pool(kMinangLastF), false, nullptr,
     nullptr, 0, 10, 25},
    {"Acehnese", pool(kAcehM), pool(kAcehF), pool(kAcehLastM), pool(kAcehLastF), false, "Teuku", "Cut", 6,
     25, 5},
    {"Malay", pool(kMalayM), pool(kMalayF), pool(kMalayLastM), pool(kMalayLastF), false, "Tengku",
     "Tengku", 3, 10, 20},
    {"Bugis-Makassar", pool(kBugisM), pool(kBugisF), pool(kBugisLastM), pool(kBugisLastF), false, "Andi",
     "Andi", 12, 15, 15},
    {"Balinese", pool(kBalineseOrderM), pool(kBalineseOrderF), pool(kBalineseM), pool(kBalineseF), false,
     "I", "Ni", 90, 0, 0},
    {"Chinese-Indonesian", pool(kChineseM), pool(kChineseF), pool(kChineseLast), pool(kChineseLast), true,
     nullptr, nullptr, 0, 5, 0},
    {"Minahasa", pool(kMinahasaM), pool(kMinahasaF), pool(kMinahasaLast), pool(kMinahasaLast), true,
     nullptr, nullptr, 0, 20, 0},
    {"Maluku", pool(kMalukuM), pool(kMalukuF), pool(kMalukuLast), pool(kMalukuLast), true, nullptr,
     nullptr, 0, 10, 0},
    {"Papuan", pool(kPapuanM), pool(kPapuanF), pool(kPapuanLast), pool(kPapuanLast), true, nullptr,
     nullptr, 0, 10, 0},
    {"Nusa Tenggara Timur", pool(kNttM), pool(kNttF), pool(kNttLast), pool(kNttLast), true, nullptr,
     nullptr, 0, 15, 0},
    {"Sasak", pool(kSasakM), pool(kSasakF), pool(kSasakLastM), pool(kSasakLastF), false, "Lalu", "Baiq",
     15, 10, 20},
    {"Banjar", pool(kBanjarM), pool(kBanjarF), pool(kBanjarLastM), pool(kBanjarLastF), false, "Gusti",
     "Gusti", 3, 15, 15},
    {"Dayak", pool(kDayakM), pool(kDayakF), pool(kDayakLast), pool(kDayakLast), true, nullptr, nullptr, 0,
     10, 0},
    {"Gorontalo-Kaili", pool(kSulawesiM), pool(kSulawesiF), pool(kSulawesiLast), pool(kSulawesiLast),
     true, nullptr, nullptr, 0, 10, 0},
};

// --- places ---------------------------------------------------------------------------------

// A sample of regencies (kabupaten, codes 01–69) and cities (kota, 71–99) per province with
// their Home Affairs codes; `districts` is how many district codes are drawn and so also the
// share of generated citizens (roughly following population).
constexpr Regency kRegencies[] = {
    {11, 6, "Aceh Besar", 12},        {11, 8, "Aceh Utara", 14},         {11, 71, "Banda Aceh", 9},
    {11, 74, "Lhokseumawe", 4},       {12, 9, "Simalungun", 14},         {12, 12, "Deli Serdang", 22},
    {12, 5, "Tapanuli Utara", 10},    {12, 11, "Karo", 10},              {12, 75, "Medan", 21},
    {12, 73, "Pematangsiantar", 8},   {13, 6, "Padang Pariaman", 10},    {13, 7, "Agam", 12},
    {13, 71, "Padang", 11},           {13, 75, "Bukittinggi", 3},        {14, 6, "Kampar", 14},
    {14, 8, "Bengkalis", 9},          {14, 71, "Pekanbaru", 15},         {14, 73, "Dumai", 7},
    {15, 4, "Batanghari", 8},         {15, 5, "Muaro Jambi", 10},        {15, 71, "Jambi", 11},
    {16, 2, "Ogan Komering Ilir", 14}, {16, 3, "Muara Enim", 14},        {16, 71, "Palembang", 18},
    {17, 2, "Rejang Lebong", 8},      {17, 71, "Bengkulu", 9},           {18, 3, "Lampung Selatan", 17},
    {18, 5, "Lampung Tengah", 20},    {18, 71, "Bandar Lampung", 20},    {18, 72, "Metro", 5},
    {19, 1, "Bangka", 8},             {19, 71, "Pangkalpinang", 7},      {21, 1, "Karimun", 9},
    {21, 71, "Batam", 12},            {21, 72, "Tanjungpinang", 4},      {31, 71, "Jakarta Pusat", 8},
    {31, 72, "Jakarta Utara", 6},     {31, 73, "Jakarta Barat", 8},      {31, 74, "Jakarta Selatan", 10},
    {31, 75, "Jakarta Timur", 10},    {32, 1, "Bogor", 40},              {32, 4, "Bandung", 31},
    {32, 3, "Cianjur", 32},           {32, 5, "Garut", 42},              {32, 9, "Cirebon", 40},
    {32, 15, "Karawang", 30},         {32, 16, "Bekasi", 23},            {32, 73, "Bandung", 30},
    {32, 75, "Bekasi", 12},           {32, 76, "Depok", 11},             {32, 77, "Cimahi", 3},
    {32, 78, "Tasikmalaya", 10},      {33, 1, "Cilacap", 24},            {33, 2, "Banyumas", 27},
    {33, 10, "Klaten", 26},           {33, 18, "Pati", 21},              {33, 29, "Brebes", 17},
    {33, 74, "Semarang", 16},         {33, 72, "Surakarta", 5},          {33, 73, "Salatiga", 4},
    {34, 2, "Bantul", 17},            {34, 3, "Gunungkidul", 18},        {34, 4, "Sleman", 17},
    {34, 71, "Yogyakarta", 14},       {35, 7, "Malang", 33},             {35, 9, "Jember", 31},
    {35, 10, "Banyuwangi", 25},       {35, 15, "Sidoarjo", 18},          {35, 26, "Bangkalan", 18},
    {35, 29, "Sumenep", 27},          {35, 73, "Malang", 5},             {35, 78, "Surabaya", 31},
    {35, 71, "Kediri", 3},            {36, 3, "Tangerang", 29},          {36, 4, "Serang", 29},
    {36, 2, "Lebak", 28},             {36, 71, "Tangerang", 13},         {36, 74, "Tangerang Selatan", 7},
    {51, 3, "Badung", 6},             {51, 4, "Gianyar", 7},             {51, 8, "Buleleng", 9},
    {51, 2, "Tabanan", 10},           {51, 71, "Denpasar", 4},           {52, 1, "Lombok Barat", 10},
    {52, 3, "Lombok Timur", 21},      {52, 4, "Sumbawa", 24},            {52, 71, "Mataram", 6},
    {53, 3, "Kupang", 24},            {53, 4, "Timor Tengah Selatan", 32}, {53, 9, "Sikka", 21},
    {53, 71, "Kupang", 6},            {61, 1, "Sambas", 19},             {61, 4, "Ketapang", 20},
    {61, 71, "Pontianak", 6},         {61, 72, "Singkawang", 5},         {62, 2, "Kotawaringin Timur", 17},
    {62, 3, "Kapuas", 17},            {62, 71, "Palangka Raya", 5},      {63, 3, "Banjar", 20},
    {63, 71, "Banjarmasin", 5},       {63, 72, "Banjarbaru", 5},         {64, 2, "Kutai Kartanegara", 20},
    {64, 71, "Balikpapan", 6},        {64, 72, "Samarinda", 10},         {65, 2, "Bulungan", 10},
    {65, 4, "Nunukan", 16},           {65, 71, "Tarakan", 4},            {71, 2, "Minahasa", 25},
    {71, 71, "Manado", 11},           {71, 72, "Bitung", 8},             {72, 2, "Banggai", 23},
    {72, 4, "Poso", 19},              {72, 71, "Palu", 8},               {73, 6, "Gowa", 18},
    {73, 8, "Bone", 27},              {73, 9, "Maros", 14},              {73, 13, "Wajo", 14},
    {73, 71, "Makassar", 15},         {73, 72, "Parepare", 4},           {74, 3, "Konawe", 27},
    {74, 71, "Kendari", 11},          {75, 1, "Gorontalo", 19},          {75, 71, "Gorontalo", 9},
    {76, 2, "Mamuju", 11},            {76, 4, "Polewali Mandar", 16},    {81, 3, "Maluku Tengah", 18},
    {81, 71, "Ambon", 5},             {82, 1, "Halmahera Barat", 9},     {82, 71, "Ternate", 8},
    // Papua: 91/92 are the pre-2022 codes still carried by older NIKs; 93–96 the new provinces.
    {91, 3, "Jayapura", 19},          {91, 71, "Jayapura", 5},           {91, 1, "Merauke", 8},
    {92, 2, "Manokwari", 9},          {92, 71, "Sorong", 6},             {93, 1, "Merauke", 12},
    {94, 4, "Mimika", 12},            {94, 1, "Nabire", 8},              {95, 1, "Jayawijaya", 10},
    {96, 71, "Sorong", 6},            {96, 1, "Sorong", 8},
};

constexpr ProvinceMix kMixes[] = {
    {11, {{kAceh, 85}, {kJavanese, 10}, {kUrban, 5}}},
    {12, {{kBatak, 55}, {kMalay, 15}, {kJavanese, 20}, {kChinese, 10}}},
    {13, {{kMinang, 90}, {kJavanese, 5}, {kBatak, 5}}},
    {14, {{kMalay, 50}, {kMinang, 20}, {kJavanese, 20}, {kBatak, 10}}},
    {15, {{kMalay, 60}, {kJavanese, 30}, {kMinang, 10}}},
    {16, {{kMalay, 75}, {kJavanese, 20}, {kUrban, 5}}},
    {17, {{kMalay, 70}, {kJavanese, 25}, {kMinang, 5}}},
    {18, {{kJavanese, 60}, {kMalay, 25}, {kSundanese, 15}}},
    {19, {{kMalay, 70}, {kChinese, 30}}},
    {21, {{kMalay, 40}, {kJavanese, 20}, {kChinese, 20}, {kBatak, 20}}},
    {31, {{kUrban, 40}, {kJavanese, 25}, {kChinese, 15}, {kBatak, 20}}},
    {32, {{kSundanese, 75}, {kUrban, 15}, {kJavanese, 10}}},
    {33, {{kJavanese, 88}, {kUrban, 10}, {kChinese, 2}}},
    {34, {{kJavanese, 88}, {kUrban, 12}}},
    {35, {{kJavanese, 86}, {kUrban, 10}, {kChinese, 4}}},
    {36, {{kSundanese, 50}, {kUrban, 35}, {kJavanese, 15}}},
    {51, {{kBalinese, 88}, {kJavanese, 12}}},
    {52, {{kSasak, 75}, {kJavanese, 10}, {kBugis, 15}}},
    {53, {{kNtt, 95}, {kJavanese, 5}}},
    {61, {{kMalay, 45}, {kDayak, 30}, {kChinese, 20}, {kJavanese, 5}}},
    {62, {{kDayak, 50}, {kBanjar, 30}, {kJavanese, 20}}},
    {63, {{kBanjar, 85}, {kJavanese, 15}}},
    {64, {{kBanjar, 30}, {kJavanese, 30}, {kBugis, 25}, {kUrban, 15}}},
    {65, {{kBugis, 35}, {kDayak, 30}, {kJavanese, 20}, {kBanjar, 15}}},
    {71, {{kMinahasa, 80}, {kSulawesi, 20}}},
    {72, {{kSulawesi, 60}, {kBugis, 25}, {kJavanese, 15}}},
    {73, {{kBugis, 90}, {kUrban, 10}}},
    {74, {{kBugis, 60}, {kSulawesi, 25}, {kJavanese, 15}}},
    {75, {{kSulawesi, 95}, {kUrban, 5}}},
    {76, {{kBugis, 85}, {kUrban, 15}}},
    {81, {{kMaluku, 85}, {kBugis, 15}}},
    {82, {{kMaluku, 50}, {kSulawesi, 50}}},
    {91, {{kPapuan, 75}, {kJavanese, 15}, {kBugis, 10}}},
    {92, {{kPapuan, 70}, {kJavanese, 15}, {kBugis, 10}, {kMaluku, 5}}},
    {93, {{kPapuan, 70}, {kJavanese, 20}, {kBugis, 10}}},
    {94, {{kPapuan, 75}, {kJavanese, 10}, {kBugis, 15}}},
    {95, {{kPapuan, 90}, {kJavanese, 5}, {kBugis, 5}}},
    {96, {{kPapuan, 70}, {kMaluku, 15}, {kBugis, 15}}},
};

// --- vaccines and facilities ----------------------------------------------------------------

// Weights follow the shape of Indonesia's 2021–2023 programme: Sinovac dominated primary series,
// mRNA and AstraZeneca the boosters, domestic IndoVac/Inavac the second boosters; children had
// Sinovac or Pfizer.
constexpr Vaccine kVaccines[] = {
    {"Sinovac", "SN", 48, 6, 2, 85, 28},      {"AstraZeneca", "AZ", 20, 25, 0, 0, 84},
    {"Pfizer", "PF", 10, 33, 30, 15, 21},     {"Moderna", "MD", 5, 24, 25, 0, 28},
    {"Sinopharm", "SP", 9, 2, 0, 0, 21},      {"Janssen", "JN", 3, 0, 0, 0, 0},
    {"Novavax", "NV", 3, 0, 0, 0, 21},        {"Zifivax", "ZF", 1, 5, 8, 0, 30},
    {"IndoVac", "IV", 0, 4, 22, 0, 28},       {"Inavac", "IN", 0, 1, 10, 0, 28},
    {"AWcorna", "AW", 1, 0, 3, 0, 28},
};

// Village and district names that recur all over the archipelago, so any of them is plausible in
// any regency.
constexpr const char* kPuskesmas[] = {
    "Sukamaju", "Sukajadi", "Sidorejo", "Karanganyar", "Tanjung", "Kampung Baru", "Sumbersari",
    "Mekarsari", "Tegalrejo", "Batu Ampar", "Air Hitam", "Suka Damai", "Kota", "Kecamatan Kota",
    "Margahayu", "Cempaka", "Teluk Dalam", "Pasar Baru", "Banjarsari", "Sungai Raya", "Mulyorejo",
    "Perumnas", "Rawasari", "Wonosari", "Sentosa Baru", "Sukarame", "Tanjung Harapan", "Kebon Baru",
    "Kampung Dalam", "Pasar Lama", "Sidomulyo", "Sukamulya", "Bukit Sari", "Pantai Indah",
    "Mekar Jaya", "Kota Baru", "Karya Jaya", "Tanah Merah", "Sumber Agung", "Lubuk Sikaping"};
constexpr const char* kClinics[] = {"Medika Utama", "Sehat Sentosa", "Husada", "Pratama Keluarga",
                                    "Bunda", "Citra Medika", "Prima Husada", "Mitra Sehat", "Kimia Farma",
                                    "Pelita Hati", "Asy-Syifa", "Sumber Waras"};
constexpr const char* kOperators[] = {"812", "813", "821", "822", "823", "851", "852", "853", "817", "818",
                                      "819", "859", "877", "878", "831", "832", "838", "881", "882", "887",
                                      "895", "896", "897", "898", "899", "856", "857", "858", "815", "816"};
constexpr const char* kDomains[] = {"example.com", "example.net", "example.org"};

}  // namespace

const Pool kPuskesmasNames = pool(kPuskesmas);
const Pool kClinicNames = pool(kClinics);
const Pool kMobileOperatorPrefixes = pool(kOperators);
const Pool kEmailDomains = pool(kDomains);

const NameStyle& name_style(Style s) { return kStyles[s < kStyleCount ? s : kJavanese]; }

const Regency* regency_table(std::size_t* count) {
  *count = sizeof(kRegencies) / sizeof(kRegencies[0]);
  return kRegencies;
}

const ProvinceMix* province_mix(int province) {
  for (const auto& m : kMixes) {
    if (m.province == province) return &m;
  }
  return nullptr;
}

const Vaccine* vaccine_table(std::size_t* count) {
  *count = sizeof(kVaccines) / sizeof(kVaccines[0]);
  return kVaccines;
}

}  // namespace aduan::demo
