"""Name, language, religion and place data for the synthetic trust. Data only: the generator reads it.

Every name here is a common given name or surname; the combinations the generator makes are invented. The
mix of heritages is modelled on a large, diverse English city (roughly: White British 45%, Pakistani 15%,
other Asian groups 12%, Black 10%, Mixed 8%, other White 6%, other 4%). Street names are invented.
"""

from __future__ import annotations

from dataclasses import dataclass

Weighted = tuple[tuple[str, int], ...]


def _n(text: str) -> tuple[str, ...]:
    """Names written as one space-separated string (data stays compact)."""
    return tuple(text.split())


@dataclass(frozen=True)
class Heritage:
    """A family background: which names, languages and religions are plausible, and where people live."""

    key: str
    ethnicity: str  # the DfE code for someone of this heritage alone
    boys: tuple[str, ...]
    girls: tuple[str, ...]
    men: tuple[str, ...]
    women: tuple[str, ...]
    surnames: tuple[str, ...]
    adult_languages: Weighted
    child_languages: Weighted
    religions: Weighted
    districts: tuple[str, ...] = ()  # postcode districts where families of this heritage often live
    older_men: tuple[str, ...] = ()  # grandparents' generation; falls back to `men`
    older_women: tuple[str, ...] = ()
    female_surnames: tuple[str, ...] = ()  # surnames many women keep whatever their husband's (Begum, Kaur)
    female_surname_chance: float = 0.0
    takes_husbands_name: float = 0.8  # a married woman uses her husband's surname
    patronymic: bool = False  # children's surname is their father's given name (Somali naming)
    gendered_surnames: bool = False  # Polish -ski / -ska
    male_middle: tuple[str, ...] = ()  # a customary middle name (Singh, Van)
    female_middle: tuple[str, ...] = ()
    customary_middle_chance: float = 0.0
    large_families: bool = False


WHITE_BRITISH = Heritage(
    key="white_british",
    ethnicity="WBRI",
    boys=_n(
        "Oliver Harry Jack Charlie George Alfie Freddie Leo Archie Theo Noah Oscar Jacob Thomas "
        "Joshua Riley Tyler Mason Logan Kai Jayden Callum Lewis Ethan Dylan Reece Kian Tommy "
        "Ronnie Frankie Louie Teddy Harvey Liam Connor Jamie Bobby Lucas Jenson Stanley"
    ),
    girls=_n(
        "Olivia Amelia Isla Ava Lily Grace Freya Poppy Evie Ella Sophie Mia Isabella Ruby Millie "
        "Chloe Jessica Holly Lacey Kayleigh Courtney Paige Megan Leah Skye Maisie Darcie Harper "
        "Willow Amber Tilly Lexi Summer Ellie Katie Scarlett Phoebe Bethany Layla Rosie"
    ),
    men=_n(
        "Lee Craig Darren Jason Wayne Dean Carl Gary Mark Paul Stuart Ryan Daniel Adam Scott "
        "Jamie Ashley Liam Matthew Christopher Kieran Shane Jordan Nathan Luke Aaron Stephen Jon "
        "Sean Richard"
    ),
    women=_n(
        "Gemma Kelly Sarah Emma Stacey Leanne Kerry Donna Lisa Claire Nicola Amy Hayley Danielle "
        "Jade Laura Rebecca Samantha Charlotte Natalie Toni Kirsty Michelle Louise Carly Shannon "
        "Chelsea Jodie Becky"
    ),
    older_men=_n(
        "Brian Keith Terry Graham Kevin Steve Alan Roger Michael David John Peter Colin Barry "
        "Tony Derek Malcolm Trevor"
    ),
    older_women=_n(
        "Susan Margaret Linda Julie Karen Carol Patricia Janet Sandra Tracey Jacqueline Diane "
        "Pauline Lorraine Christine Wendy Beverley Sharon"
    ),
    surnames=_n(
        "Smith Jones Taylor Williams Brown Davies Wilson Thomas Johnson Roberts Robinson Thompson "
        "Wright Walker White Edwards Hughes Green Hall Lewis Harris Jackson Wood Cooper Hill Ward "
        "Morris Moore Clark King Baker Harrison Morgan Allen James Scott Phillips Watson Parker "
        "Price Bennett Young Griffiths Mitchell Cook Carter Bailey Collins Bell Shaw Miller Cox "
        "Richards Marshall Simpson Ellis Adams Wilkinson Dixon Hunt Bird Perkins Cartwright "
        "Whitehouse Hodgetts Bissell Tonks Mallin Round Cashmore Pritchard Jukes Onions Stokes "
        "Partridge Fellows Hadley"
    ),
    adult_languages=(("English", 100),),
    child_languages=(("English", 100),),
    religions=(("christian", 30), ("none", 40), ("", 30)),
    districts=_n("B14 B23 B24 B29 B30 B31 B32 B33 B34 B35 B36 B37 B38 B42 B43 B44 B45 B62 B72 B73 B75 B76"),
    takes_husbands_name=0.85,
)

PAKISTANI = Heritage(
    key="pakistani",
    ethnicity="APKN",
    boys=_n(
        "Mohammed Muhammad Ayaan Zain Hamza Ibrahim Yusuf Musa Eesa Adam Zakariya Haroon Rayyan "
        "Ali Hassan Umar Bilal Ismail Amaan Arham Abdullah Idris Zayn Haider Rehan Yahya Mikail"
    ),
    girls=_n(
        "Aisha Fatima Maryam Zainab Hafsa Khadija Amira Inaya Haniya Aleena Anaya Mariam Safa "
        "Alishba Eman Hania Zara Laiba Noor Iqra Sana Aminah Hoorain Hareem"
    ),
    men=_n(
        "Imran Asif Tariq Shahid Naveed Kamran Faisal Zahid Adnan Arshad Khalid Waqas Usman Sajid "
        "Nadeem Irfan Abid Mohammed Amjad Junaid Zeeshan Rizwan Shoaib Tahir"
    ),
    women=_n(
        "Nasreen Shazia Samina Rubina Farzana Saima Naila Uzma Rukhsana Shabana Nadia Sadia "
        "Ayesha Sumaira Bushra Tahira Fozia Mehwish Rizwana"
    ),
    older_men=_n("Mohammed Abdul Ghulam Bashir Rashid Mushtaq Nazir Younis Akram Sadiq Aslam Karamat"),
    older_women=_n("Zubeda Parveen Razia Khurshid Bilqis Shamim Nasim Jamila Hajra Zarina"),
    surnames=_n(
        "Khan Hussain Ali Ahmed Mahmood Iqbal Akhtar Shah Butt Malik Rashid Mirza Aslam Bashir "
        "Raja Qureshi Sadiq Javed Anwar Riaz Yousaf Zaman Afzal Saleem Hanif Nawaz Rehman Arshad"
    ),
    female_surnames=_n("Bibi Begum Akhtar Kausar Parveen Sultana Kousar"),
    female_surname_chance=0.3,
    takes_husbands_name=0.5,
    adult_languages=(("Urdu", 45), ("Punjabi", 30), ("English", 25)),
    child_languages=(("English", 60), ("Urdu", 25), ("Punjabi", 15)),
    religions=(("muslim", 92), ("", 8)),
    districts=_n("B8 B9 B10 B11 B12 B25 B6 B19"),
    large_families=True,
)

INDIAN_PUNJABI = Heritage(
    key="indian_punjabi",
    ethnicity="AIND",
    boys=_n("Arjun Harvir Jaiveer Ekam Sehaj Gurveer Armaan Taran Jaskaran Manveer Rohan Kiran Ajay Jasdeep"),
    girls=_n(
        "Simran Harleen Jasleen Navleen Gurleen Amrit Priya Anaya Mehar Jasmin Taranpreet Kiran "
        "Rajvir Mandeep"
    ),
    men=_n(
        "Gurpreet Harjinder Jaswinder Sukhwinder Rajinder Manjit Balvinder Kulwinder Amarjit "
        "Parminder Ravinder Jaspal Harpreet Davinder"
    ),
    women=_n(
        "Harpreet Manpreet Jaspreet Rajwinder Gurdeep Kulwant Sukhjit Parminder Navdeep Balbir "
        "Kamaljit Rupinder"
    ),
    older_men=_n("Gurbachan Mohinder Joginder Karnail Swaran Ajit"),
    older_women=_n("Surjit Gurmeet Jaswant Harbans Satwant Paramjit"),
    surnames=_n(
        "Sandhu Gill Dhillon Bains Sidhu Johal Atwal Bassi Sahota Virdi Kalsi Dhaliwal Grewal "
        "Chahal Bhogal Hayer Uppal Singh"
    ),
    female_surnames=_n("Kaur"),
    female_surname_chance=0.25,
    takes_husbands_name=0.8,
    male_middle=_n("Singh"),
    female_middle=_n("Kaur"),
    customary_middle_chance=0.5,
    adult_languages=(("Punjabi", 55), ("English", 45)),
    child_languages=(("English", 80), ("Punjabi", 20)),
    religions=(("sikh", 80), ("hindu", 5), ("none", 5), ("", 10)),
    districts=_n("B66 B68 B18 B16 B26 B44"),
)

INDIAN_GUJARATI = Heritage(
    key="indian_gujarati",
    ethnicity="AIND",
    boys=_n("Aarav Dev Krish Vihaan Arjun Rohan Neel Yash Jay Kian Shaan Veer"),
    girls=_n("Diya Anaya Isha Priya Riya Siya Anika Tara Kavya Meera Pooja Nisha"),
    men=_n("Rajesh Sanjay Vijay Nilesh Hitesh Mahesh Ketan Bhavesh Pravin Dinesh Ashok Jignesh"),
    women=_n("Bhavna Hetal Nisha Rekha Sunita Jayshree Minal Kajal Falguni Alpa Daksha Shilpa"),
    older_men=_n("Ramesh Jayant Naran Kanti Chandrakant Mohan"),
    older_women=_n("Kokila Savita Hansa Pushpa Shanta Manjula"),
    surnames=_n("Patel Mistry Parmar Chauhan Solanki Shah Mehta Desai Lad Makwana Rathod Joshi"),
    takes_husbands_name=0.95,
    adult_languages=(("Gujarati", 55), ("English", 35), ("Hindi", 10)),
    child_languages=(("English", 75), ("Gujarati", 25)),
    religions=(("hindu", 85), ("none", 5), ("", 10)),
    districts=_n("B26 B33 B18 B16 B66"),
)

BANGLADESHI = Heritage(
    key="bangladeshi",
    ethnicity="ABAN",
    boys=_n(
        "Mohammed Abdul Rayyan Ayaan Ibrahim Zayan Arham Rahim Tahmid Nabil Sami Yaseen Ahnaf "
        "Tanvir Fahim Safwan"
    ),
    girls=_n(
        "Fatima Aisha Sumaiya Tasnim Nusrat Sadia Jannat Ruqayyah Maisha Afia Tahmina Nafisa "
        "Raisa Mahira Sumaya"
    ),
    men=_n(
        "Abdul Shahid Jamal Rafiq Kamal Mizanur Shahjahan Rezaul Jahangir Monir Anwar Mohammed "
        "Saiful Habibur Nazrul"
    ),
    women=_n(
        "Rokeya Shirin Roksana Nazma Shapla Salma Rehana Jesmin Shahida Momtaz Hasina Ruma Rina Shamima"
    ),
    older_men=_n("Abdul Mohammed Abdus Harun Moulana Siraj"),
    older_women=_n("Jorina Rahima Amina Sufia Jamila Rabia"),
    surnames=_n(
        "Miah Rahman Uddin Ahmed Hussain Islam Ali Khan Chowdhury Hoque Alam Karim Sarkar Haque Hossain Ullah"
    ),
    female_surnames=_n("Begum Khatun Bibi Akter Nessa"),
    female_surname_chance=0.55,
    takes_husbands_name=0.3,
    adult_languages=(("Bengali", 45), ("Sylheti", 35), ("English", 20)),
    child_languages=(("English", 60), ("Bengali", 25), ("Sylheti", 15)),
    religions=(("muslim", 95), ("", 5)),
    districts=_n("B6 B19 B10 B11 B9 B7"),
    large_families=True,
)

AFGHAN = Heritage(
    key="afghan",
    ethnicity="AOTH",
    boys=_n("Ahmad Mustafa Omid Sohail Farhad Jawad Navid Mahdi Elyas Yasin Bilal"),
    girls=_n("Mariam Parisa Zahra Madina Freshta Sahar Nilofar Marwa Hadia Yalda"),
    men=_n("Ahmad Abdul Mohammad Gul Nasir Hamid Rahim Wali Zabihullah Sayed Rahmatullah Naqibullah"),
    women=_n("Fariba Shakila Nasrin Gulalai Mahbooba Roya Zarghona Farzana Laila"),
    surnames=_n(
        "Ahmadi Hakimi Karimi Rahimi Safi Sultani Noori Popal Stanikzai Amiri Rezai Hashimi "
        "Mohammadi Sharifi Haidari"
    ),
    takes_husbands_name=0.6,
    adult_languages=(("Pashto", 45), ("Dari", 45), ("English", 10)),
    child_languages=(("English", 40), ("Pashto", 30), ("Dari", 30)),
    religions=(("muslim", 95), ("", 5)),
    districts=_n("B10 B11 B8 B25 B19"),
    large_families=True,
)

VIETNAMESE = Heritage(
    key="vietnamese",
    ethnicity="AOTH",
    boys=_n("Minh Duc Nam Huy Khoa Bao Long An Phuc Tuan"),
    girls=_n("Linh Mai Anh Ngoc Thao Trang Vy Hoa Lan My"),
    men=_n("Hung Dung Thanh Hai Son Quang Cuong Tuan Binh Khanh"),
    women=_n("Hanh Huong Lien Thu Nga Tuyet Hang Phuong Loan Yen"),
    surnames=_n("Nguyen Tran Le Pham Hoang Vu Dang Bui Do Ngo"),
    takes_husbands_name=0.0,
    male_middle=_n("Van Duc Minh"),
    female_middle=_n("Thi Ngoc Thu"),
    customary_middle_chance=0.7,
    adult_languages=(("Vietnamese", 85), ("English", 15)),
    child_languages=(("English", 60), ("Vietnamese", 40)),
    religions=(("buddhist", 45), ("none", 30), ("christian", 10), ("", 15)),
    districts=_n("B5 B12 B29 B30"),
)

TAMIL = Heritage(
    key="tamil",
    ethnicity="AOTH",
    boys=_n("Kavin Abinash Thanush Sanjay Kishan Aravinth Pranav Harish Nilan"),
    girls=_n("Nivetha Abitha Tharshika Kavya Dharshini Sanjana Keerthana Mathumitha"),
    men=_n("Suresh Sivakumar Ramesh Thayalan Kumaran Rajan Prakash Sathees Nimalan"),
    women=_n("Shanthi Vasanthi Kalpana Nirmala Sumathi Geetha Tharani Jeyanthi"),
    surnames=_n(
        "Sivakumar Rajendran Thurairajah Selvarajah Kanagaratnam Nadarajah Balasubramaniam "
        "Arumugam Shanmugam Ganeshan"
    ),
    takes_husbands_name=0.7,
    adult_languages=(("Tamil", 80), ("English", 20)),
    child_languages=(("English", 70), ("Tamil", 30)),
    religions=(("hindu", 70), ("christian", 20), ("", 10)),
    districts=_n("B26 B33 B14 B29"),
)

SOMALI = Heritage(
    key="somali",
    ethnicity="BAFR",
    boys=_n(
        "Abdirahman Mohamed Abdullahi Ayanle Hamza Yusuf Ahmed Abdirahim Liban Khalid Mustafe Bilal Ilyas"
    ),
    girls=_n("Hodan Ayaan Fardowsa Hibo Nasra Sagal Ifrah Ubah Hamdi Maryan Sumaya Khadra Idil Najma"),
    men=_n(
        "Abdi Hassan Mohamed Ali Omar Ahmed Abdullahi Farah Ismail Yusuf Osman Aden Jama Warsame Dahir Nur"
    ),
    women=_n("Amina Faadumo Halima Khadija Sahra Asha Hawa Deeqa Ruqiya Nimco Shukri Ladan"),
    surnames=_n(
        "Abdi Hassan Mohamed Ali Omar Farah Ahmed Ismail Warsame Jama Osman Aden Hersi Egal Dahir Nur Yusuf"
    ),
    takes_husbands_name=0.0,
    patronymic=True,
    adult_languages=(("Somali", 75), ("English", 15), ("Arabic", 10)),
    child_languages=(("Somali", 55), ("English", 45)),
    religions=(("muslim", 97), ("", 3)),
    districts=_n("B6 B7 B10 B11 B19 B8"),
    large_families=True,
)

WEST_AFRICAN = Heritage(
    key="west_african",
    ethnicity="BAFR",
    boys=_n(
        "Daniel David Emmanuel Samuel Joshua Tobi Ayomide Kwame Kofi Chidi Obinna Israel Jesse "
        "Caleb Elijah Tolu Divine Michael"
    ),
    girls=_n(
        "Blessing Favour Precious Esther Deborah Grace Amara Chioma Adaeze Ama Abena Adwoa Ifeoma "
        "Damilola Ruth Temi Zion Mercy"
    ),
    men=_n(
        "Oluwaseun Adebayo Chukwuemeka Kwabena Kofi Emeka Babajide Olumide Chinedu Yaw Kwame Femi "
        "Segun Tunde Ikenna Samuel"
    ),
    women=_n(
        "Adaeze Ngozi Funmilayo Folasade Abimbola Chiamaka Akosua Efua Yetunde Nkechi Bukola "
        "Patience Comfort Gifty"
    ),
    surnames=_n(
        "Okafor Okonkwo Adebayo Oyelaran Ogunleye Nwosu Eze Mensah Boateng Asante Owusu Appiah "
        "Adjei Oladipo Balogun Afolabi Obi Nwachukwu Agyeman Ofori"
    ),
    takes_husbands_name=0.85,
    adult_languages=(("English", 60), ("Yoruba", 15), ("Igbo", 10), ("Twi", 15)),
    child_languages=(("English", 95), ("Yoruba", 5)),
    religions=(("christian", 85), ("muslim", 5), ("", 10)),
    districts=_n("B20 B21 B23 B24 B43 B44 B36 B35"),
)

CARIBBEAN = Heritage(
    key="caribbean",
    ethnicity="BCRB",
    boys=_n(
        "Jayden Tyrese Kaiden Marcus Nathaniel Isaiah Elijah Malachi Josiah Reuben Kai Jaden "
        "Tyrell Keanu Zion Levi"
    ),
    girls=_n(
        "Shanice Jada Tia Aaliyah Kayla Nia Amani Imani Jasmine Ruby Serenity Destiny Chantelle Tianna Maya"
    ),
    men=_n(
        "Delroy Leon Marlon Carlton Errol Winston Clive Trevor Lloyd Dwayne Jermaine Andre Nathan "
        "Kevin Wesley"
    ),
    women=_n(
        "Marcia Sonia Paulette Yvonne Beverley Claudette Natasha Charmaine Keisha Simone Tanya "
        "Sharon Donna Michelle"
    ),
    older_men=_n("Winston Carlton Errol Desmond Clinton Neville Lloyd"),
    older_women=_n("Gloria Hyacinth Merle Icilda Pearline Myrtle Cynthia"),
    surnames=_n(
        "Campbell Brown Williams Thomas Francis Reid Morgan Grant Gordon Henry Bailey Johnson "
        "Robinson Wright Edwards Samuels McKenzie Stewart Powell Lewis Walters Bennett Bryan "
        "Forbes Murray"
    ),
    takes_husbands_name=0.8,
    adult_languages=(("English", 100),),
    child_languages=(("English", 100),),
    religions=(("christian", 55), ("none", 20), ("", 25)),
    districts=_n("B19 B6 B18 B16 B20 B21 B8 B24"),
)

POLISH = Heritage(
    key="polish",
    ethnicity="WOTH",
    boys=_n(
        "Jakub Szymon Filip Kacper Antoni Jan Aleksander Franciszek Mikołaj Wojciech Adam Michał "
        "Oliwer Nikodem Igor Dawid"
    ),
    girls=_n(
        "Zuzanna Julia Maja Zofia Hanna Lena Alicja Oliwia Natalia Aleksandra Wiktoria Amelia "
        "Emilia Martyna Gabriela"
    ),
    men=_n(
        "Piotr Krzysztof Paweł Marcin Łukasz Grzegorz Mariusz Dariusz Rafał Kamil Bartosz "
        "Sebastian Robert Michał Tomasz"
    ),
    women=_n(
        "Katarzyna Agnieszka Anna Magdalena Joanna Monika Ewa Marta Karolina Justyna Aleksandra "
        "Paulina Dorota Beata Sylwia"
    ),
    older_men=_n("Stanisław Jerzy Zbigniew Andrzej Tadeusz Ryszard"),
    older_women=_n("Danuta Krystyna Halina Elżbieta Barbara Grażyna"),
    surnames=_n(
        "Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak "
        "Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Pawłowski "
        "Michalski Nowicki"
    ),
    takes_husbands_name=0.9,
    gendered_surnames=True,
    adult_languages=(("Polish", 90), ("English", 10)),
    child_languages=(("Polish", 60), ("English", 40)),
    religions=(("christian", 75), ("none", 10), ("", 15)),
    districts=_n("B7 B8 B9 B10 B24 B44 B33 B26"),
)

ROMANIAN = Heritage(
    key="romanian",
    ethnicity="WOTH",
    boys=_n("Andrei Alexandru David Luca Stefan Mihai Gabriel Darius Matei Rareș Ionuț Denis Sebastian Eric"),
    girls=_n("Maria Ioana Elena Andreea Alexandra Sofia Bianca Daria Ana Antonia Ilinca Teodora Carla Delia"),
    men=_n(
        "Ion Gheorghe Constantin Florin Marian Adrian Cătălin Bogdan Ionuț Cristian Daniel Vasile "
        "Dumitru Claudiu"
    ),
    women=_n(
        "Elena Mihaela Andreea Florentina Ramona Georgiana Loredana Alina Simona Cristina Daniela "
        "Nicoleta Ionela"
    ),
    surnames=_n(
        "Popescu Ionescu Popa Dumitru Stan Stoica Gheorghe Rusu Munteanu Matei Constantin Marin "
        "Lungu Moldovan Ciobanu Tudor Florea"
    ),
    takes_husbands_name=0.9,
    adult_languages=(("Romanian", 90), ("English", 10)),
    child_languages=(("Romanian", 55), ("English", 45)),
    religions=(("christian", 85), ("", 15)),
    districts=_n("B7 B8 B9 B10 B25 B33 B44"),
)

IRISH = Heritage(
    key="irish",
    ethnicity="WIRI",
    boys=_n("Cian Conor Oisín Seán Liam Darragh Ronan Fionn Patrick Callum Aidan Eoin"),
    girls=_n("Aoife Niamh Saoirse Ciara Róisín Siobhán Caoimhe Orla Erin Clodagh Grace Sinéad"),
    men=_n("Declan Brendan Kieran Colm Padraig Shane Fergal Dermot Seamus Eamon Michael Kevin"),
    women=_n("Siobhán Bridget Mairead Deirdre Fiona Sinéad Aisling Niamh Catherine Orla Colette Maureen"),
    surnames=_n(
        "Murphy Kelly O'Sullivan Walsh O'Brien Byrne Ryan O'Neill Reilly Doyle McCarthy Gallagher "
        "Doherty Kennedy Lynch Quinn Brennan Flanagan"
    ),
    adult_languages=(("English", 100),),
    child_languages=(("English", 100),),
    religions=(("christian", 75), ("none", 10), ("", 15)),
    districts=_n("B11 B12 B13 B14 B28 B26 B33"),
)

ROMA = Heritage(
    key="roma",
    ethnicity="WROM",
    boys=_n("Dominik Patrik Marek Lukáš Denis Roman Ján Kevin Marián René Samuel"),
    girls=_n("Nikola Denisa Vanesa Simona Klaudia Veronika Petra Natália Kristína Adriana Monika"),
    men=_n("Jozef Milan Ladislav Peter Ján Štefan Marián Dušan Rudolf Pavol Vladimír"),
    women=_n("Mária Helena Zuzana Eva Jana Renáta Silvia Alena Gabriela Iveta Margita"),
    surnames=_n("Horváth Baláž Lakatoš Oláh Kotlár Dudi Žiga Bandy Gaži Mižigár Rigo Kandráč"),
    takes_husbands_name=0.9,
    adult_languages=(("Slovak", 40), ("Romani", 40), ("Czech", 10), ("English", 10)),
    child_languages=(("English", 40), ("Slovak", 30), ("Romani", 30)),
    religions=(("christian", 80), ("", 20)),
    districts=_n("B7 B8 B9 B10 B11 B19"),
    large_families=True,
)

IRISH_TRAVELLER = Heritage(
    key="irish_traveller",
    ethnicity="WIRT",
    boys=_n("Patrick John Michael Martin Tommy Johnny Mikey Jimmy Francie Christy"),
    girls=_n("Bridget Mary Margaret Kathleen Nora Ellen Winnie Josie Chelsea Shania"),
    men=_n("Patrick John Michael Martin Thomas James Joseph Edward Christopher"),
    women=_n("Bridget Mary Margaret Kathleen Nora Ellen Winifred Anne Josephine"),
    surnames=_n("McDonagh Ward Joyce Maughan Connors Delaney McGinley Doran Quilligan Collins Stokes Cash"),
    takes_husbands_name=0.95,
    adult_languages=(("English", 100),),
    child_languages=(("English", 100),),
    religions=(("christian", 90), ("", 10)),
    districts=_n("B8 B33 B34 B36 B45"),
    large_families=True,
)

ARAB = Heritage(
    key="arab",
    ethnicity="OOTH",
    boys=_n("Omar Yousef Ahmed Mohammed Khalid Kareem Adam Ali Hamza Zaid Saif Tariq Anas Ameer"),
    girls=_n("Layla Noor Rania Hala Jana Lana Sara Mariam Ruba Yasmin Dana Aya Salma Razan"),
    men=_n("Mohammed Ahmed Nabil Fadi Walid Samir Hani Adel Jamal Bassam Munir Saleh Nasser Fawaz"),
    women=_n("Huda Amal Rasha Suha Reem Lina Hanan Manal Wafa Samira Rana Abeer Ghada"),
    surnames=_n(
        "Al-Hakimi Saleh Al-Sharif Haddad Nasser Mansour Khalil Al-Yafai Obaid Qasem Hamoud Al- "
        "Ahmad Kassem Youssef Ibrahim"
    ),
    takes_husbands_name=0.0,
    adult_languages=(("Arabic", 85), ("English", 15)),
    child_languages=(("English", 50), ("Arabic", 50)),
    religions=(("muslim", 88), ("christian", 5), ("", 7)),
    districts=_n("B10 B11 B12 B8 B6 B19"),
)

KURDISH = Heritage(
    key="kurdish",
    ethnicity="OOTH",
    boys=_n("Aram Karwan Rebin Zana Hiwa Shvan Alan Baran Azad Rawand"),
    girls=_n("Shilan Rojin Dilan Avin Berivan Hana Lana Rezan Chiman Shno"),
    men=_n("Karzan Hemin Sherko Dilshad Rebwar Bakhtiyar Hawre Kamaran Saman Nawzad"),
    women=_n("Nasrin Kajal Gulistan Bahar Hero Chiman Sozan Tavga Runak"),
    surnames=_n("Ahmed Mohammed Abdullah Karim Aziz Rasul Qadir Hama Salih Othman Mustafa Faraj"),
    takes_husbands_name=0.0,
    adult_languages=(("Kurdish", 80), ("Arabic", 10), ("English", 10)),
    child_languages=(("English", 50), ("Kurdish", 50)),
    religions=(("muslim", 80), ("none", 10), ("", 10)),
    districts=_n("B10 B11 B12 B19 B21"),
)

CHINESE = Heritage(
    key="chinese",
    ethnicity="CHNE",
    boys=_n("Ethan Ryan Jason Oscar Lucas Yi Hao Jun Kai Tian Aaron Justin"),
    girls=_n("Chloe Emily Grace Jessica Mei Xin Yan Lily Wing Zoe Ling Joy"),
    men=_n("Wei Jian Ming Kwok Wing Chi Hong Tak Man Jun Peter Tony"),
    women=_n("Li Mei Yan Hui Ying Lai Siu Fong Ling Xiu Mandy Helen"),
    surnames=_n("Chan Wong Li Cheung Lam Chen Lau Ng Leung Zhang Wang Liu Yip Ho"),
    takes_husbands_name=0.3,
    adult_languages=(("Cantonese", 45), ("Mandarin", 35), ("English", 20)),
    child_languages=(("English", 70), ("Cantonese", 15), ("Mandarin", 15)),
    religions=(("none", 50), ("buddhist", 20), ("christian", 15), ("", 15)),
    districts=_n("B5 B15 B16 B17 B1"),
)

HERITAGES: dict[str, Heritage] = {
    h.key: h
    for h in (
        WHITE_BRITISH,
        PAKISTANI,
        INDIAN_PUNJABI,
        INDIAN_GUJARATI,
        BANGLADESHI,
        AFGHAN,
        VIETNAMESE,
        TAMIL,
        SOMALI,
        WEST_AFRICAN,
        CARIBBEAN,
        POLISH,
        ROMANIAN,
        IRISH,
        ROMA,
        IRISH_TRAVELLER,
        ARAB,
        KURDISH,
        CHINESE,
    )
}


@dataclass(frozen=True)
class FamilyGroup:
    """Who a family's parents are: (mother's heritage, father's heritage) pairs to choose from. `recorded`
    overrides the children's recorded ethnicity (information not yet obtained, or refused)."""

    key: str
    weight: float
    pairs: tuple[tuple[str, str], ...]
    recorded: str | None = None


def _same(key: str) -> tuple[tuple[str, str], ...]:
    return ((key, key),)


# Weights are percentages of families; with similar family sizes they are close to percentages of children.
FAMILY_GROUPS: tuple[FamilyGroup, ...] = (
    FamilyGroup("white_british", 45.0, _same("white_british")),
    FamilyGroup("pakistani", 16.0, _same("pakistani")),
    FamilyGroup("indian_punjabi", 2.5, _same("indian_punjabi")),
    FamilyGroup("indian_gujarati", 1.5, _same("indian_gujarati")),
    FamilyGroup("bangladeshi", 4.5, _same("bangladeshi")),
    FamilyGroup("afghan", 1.5, _same("afghan")),
    FamilyGroup("vietnamese", 0.8, _same("vietnamese")),
    FamilyGroup("tamil", 0.7, _same("tamil")),
    FamilyGroup("somali", 2.0, _same("somali")),
    FamilyGroup("west_african", 3.0, _same("west_african")),
    FamilyGroup("caribbean", 3.5, _same("caribbean")),
    # Black British families of other backgrounds: recorded as "Any other Black background".
    FamilyGroup("black_other", 1.5, (("caribbean", "west_african"), ("west_african", "caribbean"))),
    FamilyGroup("mixed_white_caribbean", 3.5, (("white_british", "caribbean"), ("irish", "caribbean"))),
    FamilyGroup(
        "mixed_white_asian", 2.0, (("white_british", "pakistani"), ("white_british", "indian_punjabi"))
    ),
    FamilyGroup("mixed_white_african", 1.5, (("white_british", "west_african"), ("polish", "west_african"))),
    FamilyGroup(
        "mixed_other",
        1.0,
        (
            ("caribbean", "pakistani"),
            ("chinese", "white_british"),
            ("white_british", "arab"),
            ("romanian", "roma"),
        ),
    ),
    FamilyGroup("polish", 2.5, _same("polish")),
    FamilyGroup("romanian", 1.5, _same("romanian")),
    FamilyGroup("irish", 1.0, _same("irish")),
    FamilyGroup("roma", 0.7, _same("roma")),
    FamilyGroup("irish_traveller", 0.3, _same("irish_traveller")),
    FamilyGroup("arab", 1.5, _same("arab")),
    FamilyGroup("kurdish", 0.8, _same("kurdish")),
    FamilyGroup("chinese", 0.7, _same("chinese")),
    FamilyGroup("not_obtained", 0.7, _same("white_british"), recorded="NOBT"),
    FamilyGroup(
        "refused", 0.3, (("pakistani", "pakistani"), ("caribbean", "white_british")), recorded="REFU"
    ),
)

WHITE = {"WBRI", "WIRI", "WOTH", "WROM", "WIRT"}
ASIAN = {"AIND", "APKN", "ABAN", "AOTH"}


def child_ethnicity(mother: Heritage, father: Heritage | None) -> str:
    """The DfE code for a child of these parents (the ethnicity a parent would usually give)."""
    if father is None or father.ethnicity == mother.ethnicity:
        return mother.ethnicity
    pair = {mother.ethnicity, father.ethnicity}
    if mother.key in ("caribbean", "west_african") and father.key in ("caribbean", "west_african"):
        return "BOTH"
    white = pair & WHITE
    if white and len(white) == 2:
        return "WOTH"
    if white:
        other = (pair - white).pop()
        if other == "BCRB":
            return "MWBC"
        if other in ("BAFR", "BOTH"):
            return "MWBA"
        if other in ASIAN:
            return "MWAS"
    return "MOTH"


# --- Places ------------------------------------------------------------------------------------------------

# Invented street names: a stem and a suffix (no attempt to match real streets).
STREET_STEMS = _n(
    "Amberley Brackenfield Larkspur Tansey Cinderhill Wrenbury Moatfield Sorrel Kestrel Hazelmere "
    "Fernleigh Copperbeech Millrace Ashcombe Thistledown Bramblewood Orchardvale Foxglove Wharfdale "
    "Canalside Lockkeeper Nailmaker Gunmakers Brassfounders Pennyfield Sandpiper Greystoke Hollyoak "
    "Ravensmere Lindenlea Kingfisher Marlpit Osier Quarryfield Rosebay Saltvale Teasel Underwood "
    "Wheatcroft Yewtree Buttercup Chainmakers Damson Elderfield Galleon Heathcote Ironbridge Jewellers "
    "Kiln Lavender Meadowsweet Nettlebed Oakapple Pinfold"
)
STREET_SUFFIXES = _n(
    "Road Road Road Street Street Grove Close Avenue Crescent Way Lane Drive Walk Croft Gardens"
)
BLOCK_SUFFIXES = ("House", "Court", "Tower", "Point", "Lodge")

# Towns for the postcode districts outside the city proper.
DISTRICT_TOWNS = {
    "B62": "Halesowen",
    "B66": "Smethwick",
    "B68": "Oldbury",
    "B72": "Sutton Coldfield",
    "B73": "Sutton Coldfield",
    "B75": "Sutton Coldfield",
    "B76": "Sutton Coldfield",
}

# Letters used in the inward part of a UK postcode (never C, I, K, M, O or V).
POSTCODE_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


# --- Other names -------------------------------------------------------------------------------------------

# Short forms a child or adult is known by (recorded as a preferred name).
NICKNAMES = {
    "Mohammed": "Mo",
    "Muhammad": "Mo",
    "Abdirahman": "Abdi",
    "Alexander": "Alex",
    "Alexandru": "Alex",
    "Aleksander": "Olek",
    "Aleksandra": "Ola",
    "Katarzyna": "Kasia",
    "Jakub": "Kuba",
    "Thomas": "Tom",
    "Joshua": "Josh",
    "Isabella": "Bella",
    "Jessica": "Jess",
    "Oluwaseun": "Seun",
    "Nathaniel": "Nate",
    "Christopher": "Chris",
    "Samuel": "Sam",
    "Elizabeth": "Lizzie",
    "Zakariya": "Zak",
    "Ibrahim": "Ibby",
    "Frankie": "Frank",
    "Wojciech": "Wojtek",
    "Mikołaj": "Mikey",
    "Tomiwa": "Tomi",
    "Ayomide": "Ayo",
    "Damilola": "Dami",
    "Chukwuemeka": "Emeka",
    "Margaret": "Maggie",
    "Patrick": "Paddy",
    "Kathleen": "Kathy",
}

# Spellings the same name is often recorded under (transliterations and anglicisations). A duplicate record
# made by another worker commonly uses one of these.
TRANSLITERATION_GROUPS: tuple[tuple[str, ...], ...] = (
    ("Mohammed", "Muhammad", "Mohammad", "Muhammed", "Mohamed", "Mohamad"),
    ("Ahmed", "Ahmad"),
    ("Hussain", "Hussein", "Husain", "Hossain"),
    ("Yusuf", "Yousef", "Yusef", "Yousuf"),
    ("Aisha", "Ayesha", "Aysha"),
    ("Fatima", "Fatimah", "Fatma"),
    ("Maryam", "Mariam", "Maryum"),
    ("Zainab", "Zaynab"),
    ("Ibrahim", "Ebrahim"),
    ("Ismail", "Ismael"),
    ("Umar", "Omar"),
    ("Hamza", "Hamzah"),
    ("Zain", "Zayn"),
    ("Mustafa", "Mustapha", "Mustafe"),
    ("Abdirahman", "Abdurahman", "Abdulrahman"),
    ("Abdullahi", "Abdullah"),
    ("Khadija", "Khadijah", "Khadeeja"),
    ("Amina", "Aminah", "Ameena"),
    ("Ayaan", "Ayan"),
    ("Eesa", "Isa", "Essa"),
    ("Idris", "Idrees"),
    ("Rayyan", "Rayan"),
    ("Zakariya", "Zakaria", "Zakariyya"),
    ("Hafsa", "Hafsah"),
    ("Aleena", "Alina"),
    ("Inaya", "Inayah"),
    ("Noor", "Nur"),
    ("Faadumo", "Fadumo", "Fatuma"),
    ("Chowdhury", "Choudhury", "Chaudhry"),
    ("Miah", "Mia"),
    ("Hoque", "Haque", "Hoq"),
    ("Uddin", "Udin"),
    ("Rahman", "Rehman"),
    ("Mahmood", "Mahmud", "Mehmood"),
    ("Qureshi", "Kureshi"),
    ("Yousaf", "Yusuf", "Yousuf"),
    ("Sumaiya", "Sumaya", "Sumayyah"),
    ("Ruqayyah", "Ruqaya", "Rukaya"),
    ("Jon", "John"),
    ("Aleksandra", "Alexandra"),
    ("Aleksander", "Alexander"),
    ("Katarzyna", "Katarzina", "Katrina"),
    ("Michał", "Michal", "Michael"),
    ("Łukasz", "Lukasz", "Lucas"),
    ("Paweł", "Pawel", "Paul"),
    ("Mikołaj", "Mikolaj"),
    ("Zofia", "Sofia", "Sophia"),
    ("Wiktoria", "Viktoria", "Victoria"),
    ("Oliwia", "Olivia"),
    ("Oliwer", "Oliver"),
    ("Dawid", "David"),
    ("Filip", "Philip", "Phillip"),
    ("Jakub", "Jacob", "Jakob"),
    ("Szymon", "Simon"),
    ("Kacper", "Casper"),
    ("Ionuț", "Ionut"),
    ("Rareș", "Rares"),
    ("Cătălin", "Catalin"),
    ("Ioana", "Joanna"),
    ("Andreea", "Andrea"),
    ("Lukáš", "Lukas"),
    ("Natália", "Natalia"),
    ("Kristína", "Kristina"),
    ("Stephen", "Steven"),
    ("Sean", "Shaun", "Shawn"),
    ("Seán", "Sean", "Shaun"),
    ("Jayden", "Jaiden", "Jaden", "Jaydon"),
    ("Kayleigh", "Kayley", "Kaylee"),
    ("Leigh", "Lee"),
    ("Callum", "Calum"),
    ("Lewis", "Louis"),
    ("Reece", "Rhys", "Reese"),
    ("Aidan", "Aiden", "Ayden"),
    ("Sophie", "Sophia"),
    ("Katie", "Katy"),
    ("Ellie", "Elly"),
    ("Lacey", "Lacie"),
    ("Darcie", "Darcy"),
    ("Maisie", "Maisy"),
    ("Freddie", "Freddy"),
    ("Ronnie", "Ronny"),
    ("Teddy", "Teddie"),
    ("Louie", "Louis"),
    ("Clark", "Clarke"),
    ("Thompson", "Thomson"),
    ("Phillips", "Philips"),
    ("Davies", "Davis"),
    ("Smith", "Smyth"),
    ("Reid", "Reed", "Read"),
    ("McKenzie", "Mackenzie"),
    ("O'Neill", "O'Neil", "ONeill"),
    ("O'Brien", "OBrien", "O'Brian"),
    ("O'Sullivan", "OSullivan"),
    ("Siobhán", "Siobhan", "Shivon"),
    ("Niamh", "Neve", "Neave"),
    ("Saoirse", "Seersha"),
    ("Oisín", "Oisin", "Osheen"),
    ("Róisín", "Roisin", "Rosheen"),
    ("Tyrese", "Tyreese", "Tyreece"),
    ("Shanice", "Shaniece"),
    ("Aaliyah", "Aliyah", "Aliya"),
    ("Jada", "Jayda"),
    ("Nia", "Nyah"),
    ("Emmanuel", "Emanuel", "Immanuel"),
    ("Chioma", "Chiomah"),
    ("Adaeze", "Adaze"),
    ("Layla", "Laila", "Leila"),
    ("Yousef", "Youssef", "Yusuf"),
    ("Rania", "Raniya"),
    ("Nguyen", "Nguyễn"),
    ("Wong", "Wang"),
)

TRANSLITERATIONS: dict[str, tuple[str, ...]] = {}
for _group in TRANSLITERATION_GROUPS:
    for _name in _group:
        TRANSLITERATIONS[_name] = tuple(
            dict.fromkeys(TRANSLITERATIONS.get(_name, ()) + tuple(n for n in _group if n != _name))
        )


# --- Professionals -----------------------------------------------------------------------------------------

STAFF_SAFETY_WARNINGS = (
    "Large dog at the property: ask for it to be secured before entering",
    "Has made threats towards a previous social worker: visit in pairs",
    "Can become verbally aggressive when under the influence of alcohol: joint visits only",
    "Known to police for violence towards professionals: do not visit alone",
    "Property has been used for drug supply: visit with a colleague and tell the duty manager",
    "Has recorded previous home visits without consent: remind everyone at the start of each visit",
    "Partner is subject to a non-molestation order: check who is present before entering",
    "History of making false complaints against staff: two workers at every visit",
)

CONTACT_RESTRICTIONS = (
    "No unsupervised contact with the children (child arrangements order)",
    "Supervised contact only, at the family centre",
    "No contact: non-molestation order protects the mother and children",
    "Contact by telephone only, agreed with the allocated social worker",
)

RELATIONSHIP_NOTES = {
    "grandparent": (
        "Child says nan is the person they trust most",
        "Collects the children from school most days",
        "Offered to care for the children if needed",
        "",
        "",
    ),
    "aunt_uncle": ("Sees the children every weekend", "Lives nearby and helps with childcare", "", ""),
    "friend": ("Best friend from school", "Friends since primary school", "", ""),
    "youth_worker": ("Child attends the youth project twice a week", ""),
}
